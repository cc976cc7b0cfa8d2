import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { followStream, type LiveState, type StreamEvent } from "../../../portal/src/live-stream.ts";

// The Live view's stream reader, against a loopback SSE server that drops the first
// connection: it must reconnect with Last-Event-ID and go on where it stopped.
describe("the Live view's stream reader", () => {
  it("parses named events and resumes after a dropped connection with Last-Event-ID", async () => {
    const seen: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers["last-event-id"] as string | undefined);
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (seen.length === 1) {
        res.write("retry: 3000\n: connected\n\n");
        res.write('id: 41\nevent: openid.credential.offer_sent\ndata: {"n":1}\n\n');
        res.end();
        return;
      }
      res.write(': connected\n\nid: 42\nevent: ConnectionUpdated\ndata: {"n":2}\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/events/stream`;
    const events: StreamEvent[] = [];
    const states: LiveState[] = [];
    const abort = new AbortController();
    const done = new Promise<void>((resolve) => {
      void followStream(
        url,
        (event) => {
          events.push(event);
          if (events.length === 2) resolve();
        },
        (state) => states.push(state),
        abort.signal,
      );
    });
    await done;
    abort.abort();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(events).toEqual([
      { id: "41", type: "openid.credential.offer_sent", data: '{"n":1}' },
      { id: "42", type: "ConnectionUpdated", data: '{"n":2}' },
    ]);
    expect(seen).toEqual([undefined, "41"]);
    expect(states).toContain("reconnecting");
  });
});
