import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the receiver got it: raw body bytes and Node's lower-cased headers. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A loopback receiver (127.0.0.1, a free port) that answers 200 and hands over each request in order. */
export async function startReceiver() {
  const received: Received[] = [];
  const waiting: Array<(r: Received) => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks) };
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      const next = waiting.shift();
      if (next) next(request);
      else received.push(request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    /** The next request (already received, or the next to arrive). */
    next(): Promise<Received> {
      const ready = received.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
