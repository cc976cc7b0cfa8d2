import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { heraldUrl, newWallet } from "../../../test/node/helpers/herald.ts";
import { createHeraldClient } from "../src/index.ts";

// The README's two client examples are these files (checked below), run as a user runs them:
// `node examples/….ts` importing the installed @herald/client, against the Worker.

const here = path.resolve(import.meta.dirname, "..");
const root = path.resolve(here, "..", "..");
const node = path.join(root, "node_modules", ".bin", "node");
const example = (name: string) => path.join(here, "examples", name);
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill("SIGTERM");
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts receive.ts; resolves each printed line in turn. */
function startReceiver(port: number, secret: string) {
  const child = spawn(node, [example("receive.ts")], {
    env: { ...process.env, PORT: String(port), WEBHOOK_SECRET: secret },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buffered = "";
  child.stdout!.on("data", (chunk) => {
    buffered += chunk;
    for (let i = buffered.indexOf("\n"); i >= 0; i = buffered.indexOf("\n")) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    }
  });
  return {
    nextLine: (): Promise<string> => {
      const line = lines.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((r) => waiting.push(r));
    },
  };
}

async function listening(port: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The ```ts blocks of the README's "Typed client" section. */
function readmeBlocks(): string[] {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const start = readme.indexOf("### Typed client");
  const section = readme.slice(start, readme.indexOf("\n### ", start + 1));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe("the README's client examples", () => {
  it("are the example files, verbatim", () => {
    expect(readmeBlocks()).toEqual([
      readFileSync(example("send.ts"), "utf8"),
      readFileSync(example("receive.ts"), "utf8"),
    ]);
  });

  it("send an event that the example receiver verifies, and the receiver refuses a forgery", async () => {
    const wallet = await newWallet("client examples");
    const port = await freePort();
    const sent = await promisify(execFile)(node, [example("send.ts")], {
      env: {
        ...process.env,
        HERALD_URL: heraldUrl(),
        HERALD_API_KEY: wallet.apiKey,
        RECEIVER_URL: `http://127.0.0.1:${port}/hooks`,
      },
    });
    const [, webhookId, secret] = sent.stdout.match(/^webhook (\S+) secret (whsec_\S+)$/m)!;
    const [, eventId] = sent.stdout.match(/^event (\S+)$/m)!;

    // The event may have found no receiver yet (connection refused): then it is retried, now.
    const receiver = startReceiver(port, secret!);
    await listening(port);
    const herald = createHeraldClient({ baseUrl: heraldUrl(), apiKey: wallet.apiKey });
    let retried = false;
    for (;;) {
      const log = await herald.GET("/v1/webhooks/{id}/deliveries", {
        params: { path: { id: webhookId! } },
      });
      const delivery = log.data!.data.find((d) => d.eventId === eventId);
      if (delivery?.status === "succeeded") break;
      if (delivery && delivery.status !== "sending" && delivery.attemptCount > 0 && !retried) {
        const retry = await herald.POST("/v1/deliveries/{id}/retry", {
          params: { path: { id: delivery.id } },
        });
        expect(retry.response.status).toBe(202);
        retried = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await receiver.nextLine()).toBe(`issued ${eventId} for org-1`);

    const forged = await fetch(`http://127.0.0.1:${port}/hooks`, {
      method: "POST",
      headers: {
        "webhook-id": "forged",
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "webhook-signature": "v1,Zm9yZ2Vk",
      },
      body: "{}",
    });
    expect(forged.status).toBe(400);
    expect(await receiver.nextLine()).toBe("refused invalid_signature");
  });
});
