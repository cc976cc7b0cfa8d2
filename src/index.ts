import { DurableObject } from "cloudflare:workers";

export class WebhookObject extends DurableObject<Env> {
  async ping(): Promise<string> {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
    return "pong";
  }
}

export default {
  async fetch(): Promise<Response> {
    return new Response("ok");
  },
  async queue(batch: MessageBatch<unknown>): Promise<void> {
    batch.ackAll();
  },
} satisfies ExportedHandler<Env>;
