/** The payload dialects Herald can deliver in; `standard` is the default. */
export const FORMATS = ["standard", "identus", "waltid", "proven", "acapy", "igrant"] as const;

/** One of the payload dialects in FORMATS. */
export type Format = (typeof FORMATS)[number];

/** The stored event a delivery carries, as the format builders read it. */
export interface DeliveryEvent {
  id: string;
  walletId: string;
  type: string;
  data: Record<string, unknown>;
  /** The offer, session or exchange the event is about (walt.id's `id`). */
  subject?: string | null;
  /** ISO-8601 UTC with milliseconds. */
  createdAt: string;
}

/** Where and how one webhook receives its deliveries. */
export interface DeliveryTarget {
  webhookId: string;
  deliveryId: string;
  /** Without a fragment: ACA-Py's `url#key` is split into url and apiKey before this point. */
  url: string;
  format: Format;
  bearerToken?: string | null;
  apiKey?: string | null;
}

/** What a format contributes to a delivery request. */
export interface BuiltDelivery {
  url: string;
  body: string;
  /** Only the format's own headers (auth, X-Wallet-Id); content type, signatures and custom headers are the sender's. */
  headers: Record<string, string>;
}

/** Builds one format's request. */
export type FormatBuilder = (event: DeliveryEvent, target: DeliveryTarget) => BuiltDelivery;

/** Parses createdAt to epoch ms, refusing a value that would serialise as null or throw later. */
export function createdAtMs(event: DeliveryEvent): number {
  const ms = Date.parse(event.createdAt);
  if (Number.isNaN(ms)) throw new RangeError(`event ${event.id} has an invalid createdAt`);
  return ms;
}
