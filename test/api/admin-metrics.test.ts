import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, callJson, newWallet, newWebhook } from "../helpers/api";
import { settledDelivery } from "../helpers/delivery-log";
import { newReceiver } from "../helpers/receiver";
import { walletDb } from "../helpers/shards";

// D1 storage is per test file: the seeded rows below are all the deliveries this file's D1 holds
// until the pipeline test at the end adds its own (which compares before and after).

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
let seq = 0;

async function seedDelivery(
  walletId: string,
  status: string,
  createdAt: string,
  updatedAt: string,
) {
  seq++;
  await walletDb(walletId)
    .prepare(
      `INSERT INTO deliveries (id, wallet_id, event_id, webhook_id, event_type, status, attempt_count, created_at, updated_at)
     VALUES (?, ?, ?, 'wh_seeded', 'seeded.type', ?, 1, ?, ?)`,
    )
    .bind(`seeded-${seq}`, walletId, `event-${seq}`, status, createdAt, updatedAt)
    .run();
}

/** A strict reader of the Prometheus text format: every sample belongs to a family announced by HELP and TYPE. */
function parsePrometheus(text: string) {
  expect(text.endsWith("\n")).toBe(true);
  const families = new Map<string, { help: string; type: string; samples: any[] }>();
  for (const line of text.slice(0, -1).split("\n")) {
    const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|untyped)$/.exec(line);
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+]+|NaN|[+-]Inf)$/.exec(line);
    if (help) {
      expect(families.has(help[1]!), `HELP once for ${help[1]}`).toBe(false);
      families.set(help[1]!, { help: help[2]!, type: "", samples: [] });
    } else if (type) {
      const family = families.get(type[1]!);
      expect(family?.type, `TYPE after HELP for ${type[1]}`).toBe("");
      family!.type = type[2]!;
    } else if (sample) {
      const family = families.get(sample[1]!);
      expect(family?.type, `sample ${sample[1]} after its TYPE`).toBeTruthy();
      const labels = Object.fromEntries(
        [...(sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(
          (m) => [m[1], m[2]],
        ),
      );
      family!.samples.push({ labels, value: Number(sample[3]) });
    } else {
      throw new Error(`not a Prometheus line: ${JSON.stringify(line)}`);
    }
  }
  return families;
}

const sampleValue = (
  families: ReturnType<typeof parsePrometheus>,
  name: string,
  labels: Record<string, string> = {},
) =>
  families
    .get(name)
    ?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe("GET /v1/admin/metrics", () => {
  it("refuses a missing key with 401 and a wallet key with 403", async () => {
    const wallet = await newWallet();
    expect((await callJson("/v1/admin/metrics", { key: null })).status).toBe(401);
    const asWallet = await callJson("/v1/admin/metrics", { key: wallet.apiKey });
    expect(asWallet.status).toBe(403);
    expect(asWallet.headers.get("content-type")).toContain("application/problem+json");
  });

  it("counts the seeded backlog, failures and dead letters exactly, in JSON by default", async () => {
    const now = Date.now();
    const oldest = "2020-01-01T00:00:00.000Z";
    await seedDelivery("wallet-a", "pending", oldest, oldest);
    await seedDelivery("wallet-a", "pending", iso(now - 60_000), iso(now - 60_000));
    await seedDelivery("wallet-a", "sending", iso(now - 30_000), iso(now - 1000));
    await seedDelivery("wallet-b", "pending", iso(now - 10_000), iso(now - 10_000));
    await seedDelivery("wallet-c", "succeeded", iso(now - HOUR), iso(now - HOUR));
    await seedDelivery("wallet-c", "failed", iso(now - HOUR), iso(now - HOUR / 2));
    await seedDelivery("wallet-c", "failed", iso(now - 6 * HOUR), iso(now - 5 * HOUR));
    await seedDelivery("wallet-c", "failed", iso(now - 40 * HOUR), iso(now - 30 * HOUR));
    await seedDelivery("wallet-c", "expired", iso(now - HOUR), iso(now - HOUR / 2));
    const dead = env.DB.prepare(
      "INSERT INTO dead_letters (id, queue, body, attempts, received_at, resolved_at) VALUES (?, 'herald-events', '{}', 10, ?, ?)",
    );
    await env.DB.batch([dead.bind("dl-1", iso(now), null), dead.bind("dl-2", iso(now), iso(now))]);

    const { status, body, headers } = await callJson("/v1/admin/metrics");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toContain("application/json");
    const age = Math.round((Date.parse(body.generatedAt) - Date.parse(oldest)) / 1000);
    expect(body).toEqual({
      generatedAt: expect.any(String),
      backlog: { pending: 3, sending: 1, total: 4, oldestPendingAgeSeconds: age },
      failures: {
        deliveriesFailedLastHour: 1,
        deliveriesFailedLast24Hours: 2,
        deadLettersUnresolved: 1,
        deadLettersTotal: 2,
      },
      walletBacklog: [
        { walletId: "wallet-a", open: 3, oldestPendingAgeSeconds: age },
        { walletId: "wallet-b", open: 1, oldestPendingAgeSeconds: expect.any(Number) },
      ],
      isolate: expect.objectContaining({ startedAt: expect.any(String) }),
    });

    const top1 = await callJson("/v1/admin/metrics?top=1");
    expect(top1.body.walletBacklog.map((w: any) => w.walletId)).toEqual(["wallet-a"]);
    expect((await callJson("/v1/admin/metrics?top=101")).status).toBe(400);
  });

  it("counts the isolate's D1 statements and round trips: the metrics read itself runs five", async () => {
    const before = (await callJson("/v1/admin/metrics")).body.isolate;
    const after = (await callJson("/v1/admin/metrics")).body.isolate;
    // operatorMetrics runs five queries; authentication may add its own (cached or not).
    expect(after.d1Statements - before.d1Statements).toBeGreaterThanOrEqual(5);
    expect(after.d1Calls - before.d1Calls).toBeGreaterThanOrEqual(5);
    expect(after.d1RowsRead).toBeGreaterThanOrEqual(before.d1RowsRead);
    expect(after.startedAt).toBe(before.startedAt);
  });

  it("answers Accept: text/plain in the Prometheus text format with the same figures", async () => {
    const json = (await callJson("/v1/admin/metrics")).body;
    const response = await fetchText({ accept: "text/plain" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheus(response.text);
    for (const [name, family] of families)
      expect(family.type).toBe(name.startsWith("herald_isolate_") ? "counter" : "gauge");
    expect(sampleValue(families, "herald_isolate_d1_statements_total")).toBeGreaterThan(0);
    expect(sampleValue(families, "herald_deliveries_open", { status: "pending" })).toBe(
      json.backlog.pending,
    );
    expect(sampleValue(families, "herald_deliveries_open", { status: "sending" })).toBe(
      json.backlog.sending,
    );
    expect(sampleValue(families, "herald_deliveries_failed", { window: "1h" })).toBe(1);
    expect(sampleValue(families, "herald_deliveries_failed", { window: "24h" })).toBe(2);
    expect(sampleValue(families, "herald_dead_letters", { state: "unresolved" })).toBe(1);
    expect(sampleValue(families, "herald_dead_letters", { state: "resolved" })).toBe(1);
    expect(sampleValue(families, "herald_wallet_deliveries_open", { wallet_id: "wallet-a" })).toBe(
      3,
    );
    expect(
      sampleValue(families, "herald_deliveries_oldest_open_age_seconds"),
    ).toBeGreaterThanOrEqual(json.backlog.oldestPendingAgeSeconds);
  });

  it("gives Prometheus's own scrape Accept header the text format, and */* JSON", async () => {
    const scrape = await fetchText({
      accept:
        "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1",
    });
    expect(scrape.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const any = await fetchText({ accept: "*/*" });
    expect(any.headers.get("content-type")).toContain("application/json");
  });

  it("counts a delivery that failed through the real pipeline", async () => {
    const before = (await callJson("/v1/admin/metrics")).body;
    const wallet = await newWallet();
    const receiver = await newReceiver([], { status: 500 });
    const type = "openid.credential.credential_issued";
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      eventTypes: [type],
      retry: { preset: "none" },
    });
    const posted = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type, data: { n: 1 } },
    });
    expect(posted.status).toBe(202);
    await settledDelivery(hook.id, (d) => d.status === "failed");
    const after = (await callJson("/v1/admin/metrics")).body;
    expect(after.failures.deliveriesFailedLastHour).toBe(
      before.failures.deliveriesFailedLastHour + 1,
    );
    expect(after.failures.deliveriesFailedLast24Hours).toBe(
      before.failures.deliveriesFailedLast24Hours + 1,
    );
    // The fan-out called the webhook's object, and the consumer and the mirror wrote rows.
    expect(after.isolate.objectCalls).toBeGreaterThan(before.isolate.objectCalls);
    expect(after.isolate.d1RowsWritten).toBeGreaterThan(before.isolate.d1RowsWritten);
  });
});

/** The metrics route's raw answer to these headers. */
async function fetchText(headers: Record<string, string>) {
  const response = await call("/v1/admin/metrics", { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
