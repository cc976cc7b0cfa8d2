import { createApp } from "./app";

export { WebhookObject } from "./delivery/webhook-object";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<unknown>): Promise<void> {
    batch.retryAll();
  },
} satisfies ExportedHandler<Env>;
