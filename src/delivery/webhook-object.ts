import { DurableObject } from "cloudflare:workers";

/** One per webhook: holds its pending deliveries and delivers them in order. */
export class WebhookObject extends DurableObject<Env> {
  /** The webhook's settings changed: reload them and resume. */
  async webhookChanged(_webhookId: string): Promise<void> {}
  /** The webhook is gone: cancel what is pending. */
  async webhookDeleted(_webhookId: string): Promise<void> {}
}
