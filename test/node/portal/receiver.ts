import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** A loopback webhook receiver that verifies Standard Webhooks signatures. */
export interface Receiver {
  url: string;
  /** Verified deliveries' parsed bodies. */
  received: unknown[];
  /** The headers of the last verified delivery. */
  lastHeaders: http.IncomingHttpHeaders | null;
  /** Requests whose signature did not verify. */
  rejected: number;
  /** Set once the webhook's secret is known. */
  secret: string | null;
  /** While set, answers with this status and body instead of 200. */
  failWith: { status: number; body: string } | null;
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port. */
export async function startReceiver(): Promise<Receiver> {
  const state: Omit<Receiver, "url" | "close"> = {
    received: [],
    lastHeaders: null,
    rejected: 0,
    secret: null,
    failWith: null,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (state.failWith) {
        res.writeHead(state.failWith.status, { "content-type": "text/plain" });
        res.end(state.failWith.body);
        return;
      }
      try {
        if (!state.secret) throw new Error("no secret yet");
        const payload = new Webhook(state.secret).verify(body, {
          "webhook-id": String(req.headers["webhook-id"]),
          "webhook-timestamp": String(req.headers["webhook-timestamp"]),
          "webhook-signature": String(req.headers["webhook-signature"]),
        });
        state.received.push(payload);
        state.lastHeaders = req.headers;
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok");
      } catch (err) {
        state.rejected += 1;
        res.writeHead(400, { "content-type": "text/plain" });
        res.end(`signature check failed: ${(err as Error).message}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/hooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as Receiver;
}
