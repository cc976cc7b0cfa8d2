import http from "node:http";
import https from "node:https";
import type { ProbeAnswer } from "../../../src/domain/doctor/judge";
import type { ProbeSender } from "../../../src/domain/doctor/run";
import { describeError } from "../errors.ts";

const MAX_BODY = 4096;

/**
 * Sends one probe with node:http, which can hold a request body half-sent: the read-body probe
 * sees whether the answer comes before the rest of the body does. Never throws.
 */
export const nodeSender: ProbeSender = (request, timeoutMs) =>
  new Promise<ProbeAnswer>((resolve) => {
    const started = Date.now();
    const url = new URL(request.url);
    const client = url.protocol === "https:" ? https : http;
    let bodyDone = !request.hold;
    let settled = false;
    const finish = (answer: Omit<ProbeAnswer, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...answer, durationMs: Date.now() - started });
    };
    const req = client.request(url, {
      method: "POST",
      headers: { ...request.headers, "content-length": Buffer.byteLength(request.body) },
    });
    const timer = setTimeout(
      () => finish({ status: null, error: "timeout", body: null }),
      timeoutMs,
    );
    req.on("error", (err) => finish({ status: null, error: describeError(err), body: null }));
    req.on("response", (res) => {
      const beforeBodyEnd = request.hold ? !bodyDone : undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if (size < MAX_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      res.on("end", () =>
        finish({
          status: res.statusCode ?? null,
          error: null,
          body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_BODY),
          beforeBodyEnd,
        }),
      );
      res.on("error", () =>
        finish({ status: res.statusCode ?? null, error: null, body: null, beforeBodyEnd }),
      );
    });
    if (!request.hold) {
      req.end(request.body);
      return;
    }
    const bytes = Buffer.from(request.body);
    const split = Buffer.byteLength(request.body.slice(0, request.hold.splitAt));
    req.write(bytes.subarray(0, split));
    setTimeout(() => {
      if (settled) return;
      bodyDone = true;
      req.end(bytes.subarray(split));
    }, request.hold.holdMs);
  });
