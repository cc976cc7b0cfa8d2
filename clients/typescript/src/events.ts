import type { components } from "./schema.generated.js";

/** The standard-format body of any catalog event: `{id, type, timestamp, walletId, data}`, discriminated by `type`. */
export type HeraldEvent = components["schemas"]["HeraldEvent"];

/** The name of every catalog event type. */
export type HeraldEventType = HeraldEvent["type"];

/** The body of one catalog type: `HeraldEventOf<"herald.webhook.disabled">["data"]["reason"]`. */
export type HeraldEventOf<T extends HeraldEventType> = Extract<HeraldEvent, { type: T }>;

/** A wallet's own (registered) event type: Herald checks `data` against its schema, the client cannot know it. */
export interface CustomEvent<Data = Record<string, unknown>> {
  id: string;
  type: string;
  timestamp: string;
  walletId: string;
  data: Data;
}
