import { buildAcapy, topicUrl } from "./acapy";
import { buildIdentus } from "./identus";
import { buildIgrant } from "./igrant";
import { buildProven } from "./proven";
import { buildStandard } from "./standard";
import {
  type BuiltDelivery,
  type DeliveryEvent,
  type DeliveryTarget,
  FORMATS,
  type Format,
  type FormatBuilder,
} from "./types";
import { buildWaltid } from "./waltid";

export type { BuiltDelivery, DeliveryEvent, DeliveryTarget, Format };
export { FORMATS };

// A Record keyed by Format makes a new format without a builder a type error.
const BUILDERS: Record<Format, FormatBuilder> = {
  standard: buildStandard,
  identus: buildIdentus,
  waltid: buildWaltid,
  proven: buildProven,
  acapy: buildAcapy,
  igrant: buildIgrant,
};

/** True when value names a known format. */
export function isFormat(value: unknown): value is Format {
  return typeof value === "string" && (FORMATS as readonly string[]).includes(value);
}

/** Builds the request a receiver of this format expects; the body string is then stored and reused byte-for-byte on every attempt. */
export function buildDelivery(event: DeliveryEvent, target: DeliveryTarget): BuiltDelivery {
  return BUILDERS[target.format](event, target);
}
export { credentialHeaders } from "./credentials";

/** Where a delivery of this format and type goes, given the webhook's base URL. */
export function deliveryUrl(format: string, baseUrl: string, eventType: string): string {
  return format === "acapy" ? topicUrl(baseUrl, eventType) : baseUrl;
}
