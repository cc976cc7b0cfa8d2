import { createHash } from "node:crypto";
import { inject } from "vitest";

/** One scripted answer of the loopback receiver. */
export interface Step {
  status?: number;
  delayMs?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Raw answer bytes, base64: for bodies that are not UTF-8 (wins over `body`). */
  bodyBase64?: string;
  /** Misbehaviours of broken receivers: see test/setup/receivers.ts. */
  action?:
    | "reset"
    | "close"
    | "slow-headers"
    | "slow-body"
    | "huge-body"
    | "answer-first"
    | "verify";
  /** verify: the webhook's signing secret; answers 204 to a valid signature, 401 otherwise. */
  secret?: string;
  /** slow-headers / slow-body: the pause between two header lines or body chunks. */
  intervalMs?: number;
  /** slow-headers / slow-body: how many header lines or body chunks. */
  lines?: number;
  /** huge-body: the size of the answer. */
  bodyBytes?: number;
}

/** A request as the receiver saw it. */
export interface Received {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
  /** The status the receiver answered with (null: it reset or closed the connection). A sender that timed out first saw no answer. */
  status: number | null;
  /** Body bytes the receiver wrote before the exchange ended (huge-body, slow-body). */
  bytesSent?: number;
  /** True when the sender closed the connection before the answer was complete. */
  clientGone?: boolean;
  /** True when the receiver hung up without reading the body (close): `body` is empty, not what was sent. */
  unread?: boolean;
}

const base = () => `http://127.0.0.1:${inject("receiverPort")}`;

/** An answer the receiver gives whenever the request body contains `bodyIncludes` (before the script). */
export interface Rule {
  bodyIncludes: string;
  step: Step;
}

/**
 * A fresh endpoint on the loopback receiver with a script of answers (then `fallback`, 200 by
 * default); `rules` answer by what the body contains, whatever the script says.
 */
export async function newReceiver(
  script: Step[] = [],
  fallback: Step = { status: 200 },
  rules: Rule[] = [],
) {
  const name = crypto.randomUUID();
  const configure = async (steps: Step[], otherwise: Step) => {
    const res = await fetch(`${base()}/control/${name}`, {
      method: "PUT",
      body: JSON.stringify({ script: steps, default: otherwise, rules }),
    });
    if (res.status !== 204) throw new Error(`receiver setup failed: ${res.status}`);
  };
  await configure(script, fallback);
  const requests = async (): Promise<Received[]> =>
    ((await (await fetch(`${base()}/control/${name}`)).json()) as { requests: Received[] })
      .requests;
  return {
    url: `${base()}/r/${name}`,
    requests,
    /** Replaces the script (and forgets what arrived): e.g. once the webhook's secret is known. */
    configure,
    /** Replaces the endpoint's rules (what arrived so far is kept). */
    async setRules(next: Rule[]): Promise<void> {
      const r = await fetch(`${base()}/control/${name}`, {
        method: "PATCH",
        body: JSON.stringify({ rules: next }),
      });
      if (r.status !== 204) throw new Error(`receiver rules update failed: ${r.status}`);
    },
    /** Waits until at least `count` requests arrived (polling, bounded), then returns them all. */
    async waitFor(count: number, timeoutMs = 15_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = await requests();
        if (got.length >= count) return got;
        if (Date.now() > deadline)
          throw new Error(`expected ${count} deliveries, got ${got.length} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/**
 * The event id a delivery carries (its body's `id`), after checking that its `webhook-id` is
 * the one Herald derives from (body `walletId`, `id`): README, "What Herald sends". Computed
 * here independently of src/, so a change of the recipe fails the tests.
 */
export function eventIdOf(r: Received): string {
  const body = JSON.parse(r.body) as { id: string; walletId: string };
  const digest = createHash("sha256")
    .update(`herald.webhook-id\n${body.walletId}\n${body.id}`)
    .digest("hex");
  if (r.headers["webhook-id"] !== `evt_${digest.slice(0, 32)}`) {
    throw new Error(`webhook-id ${r.headers["webhook-id"]} is not derived from event ${body.id}`);
  }
  return body.id;
}
