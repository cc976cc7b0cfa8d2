export {
  createHeraldClient,
  type HeraldClient,
  type HeraldClientOptions,
  type Schemas,
} from "./client.js";
export type { CustomEvent, HeraldEvent, HeraldEventOf, HeraldEventType } from "./events.js";
export type { components, operations, paths, webhooks } from "./schema.generated.js";
export {
  type VerifyOptions,
  verifyWebhook,
  type WebhookHeaders,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from "./verify.js";
