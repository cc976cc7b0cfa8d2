import { describe, expect, it } from "vitest";
import { PROVEN_EVENT_MAP } from "../../src/domain/formats/proven-events";
import { call, newWallet, newWebhook } from "../helpers/api";
import { newReceiver } from "../helpers/receiver";

// ACA-Py's records, ingested at /v1/ingest/acapy/topic/{topic}/, reach a Proven receiver under
// Proven's event names: one test per row of the table the README prints.

const ROWS: { topic: string; record: Record<string, unknown>; event: string }[] = [
  {
    topic: "connections",
    record: { connection_id: "c-1", state: "active" },
    event: "connection:completed",
  },
  {
    topic: "connections",
    record: { connection_id: "c-2", state: "completed" },
    event: "connection:completed",
  },
  {
    topic: "connections",
    record: { connection_id: "c-3", state: "response", rfc23_state: "completed" },
    event: "connection:completed",
  },
  {
    topic: "issue_credential_v2_0",
    record: { cred_ex_id: "x-1", state: "done" },
    event: "credentials:done",
  },
  {
    topic: "issue_credential",
    record: { credential_exchange_id: "x-2", state: "credential_acked" },
    event: "credentials:done",
  },
  {
    topic: "present_proof_v2_0",
    record: { pres_ex_id: "p-1", state: "done", verified: "true" },
    event: "presentation:verified",
  },
  {
    topic: "present_proof",
    record: { presentation_exchange_id: "p-2", state: "verified", verified: "true" },
    event: "presentation:verified",
  },
  {
    topic: "oid4vci",
    record: { exchange_id: "o-1", state: "issued" },
    event: "oid4vc-credential:issued",
  },
  {
    topic: "oid4vp",
    record: { presentation_id: "o-2", state: "presentation-valid" },
    event: "oid4vc-presentation:verified",
  },
  {
    topic: "basicmessages",
    record: { connection_id: "c-4", message_id: "m-1", content: "hi", state: "received" },
    event: "basic-message:received",
  },
];

// Records the table does not name keep their ACA-Py topic as the event name.
const UNMAPPED: { topic: string; record: Record<string, unknown> }[] = [
  { topic: "connections", record: { connection_id: "c-5", state: "request" } },
  { topic: "present_proof_v2_0", record: { pres_ex_id: "p-3", state: "done", verified: "false" } },
  { topic: "issue_credential_v2_0", record: { cred_ex_id: "x-3", state: "offer-sent" } },
  { topic: "revocation_registry", record: { state: "active" } },
];

/** Ingests one ACA-Py record and returns the body a proven-format webhook of the wallet received. */
async function deliveredToProven(topic: string, record: Record<string, unknown>) {
  const wallet = await newWallet();
  const receiver = await newReceiver();
  await newWebhook(wallet.apiKey, { url: receiver.url, format: "proven" });
  const res = await call(`/v1/ingest/acapy/topic/${topic}/`, {
    key: null,
    headers: { "x-api-key": wallet.apiKey },
    body: record,
  });
  expect(res.status).toBe(202);
  const [req] = await receiver.waitFor(1);
  return { wallet, body: JSON.parse(req!.body) as { event: string; webhook: object } };
}

describe("ACA-Py topics delivered to proven-format webhooks", () => {
  it("tests every row of the mapping table", () => {
    const tested = new Set(ROWS.map((r) => `${r.topic} ${r.event}`));
    for (const m of PROVEN_EVENT_MAP) expect(tested, m.topic).toContain(`${m.topic} ${m.event}`);
  });

  it.each(ROWS)("$topic with $record.state is sent as $event", async ({ topic, record, event }) => {
    const { wallet, body } = await deliveredToProven(topic, record);
    expect(body).toEqual({ event, webhook: { ...record, wallet_id: wallet.id } });
  });

  it.each(UNMAPPED)(
    "$topic with $record.state keeps its topic as the event name",
    async ({ topic, record }) => {
      const { body } = await deliveredToProven(topic, record);
      expect(body.event).toBe(topic);
    },
  );

  it("sends the topic and the untouched record to webhooks of other formats", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    await newWebhook(wallet.apiKey, { url: receiver.url });
    const record = { cred_ex_id: "x-9", state: "done" };
    await call("/v1/ingest/acapy/topic/issue_credential_v2_0/", {
      key: null,
      headers: { "x-api-key": wallet.apiKey },
      body: record,
    });
    const [req] = await receiver.waitFor(1);
    expect(JSON.parse(req!.body)).toMatchObject({ type: "issue_credential_v2_0", data: record });
  });
});

describe("Proven's own call at POST /v1/ingest/proven", () => {
  const call_ = {
    event: "credentials:done",
    webhook: {
      state: "done",
      connection_id: "13eeacd4-0c4e-495e-81cc-d66c6eeb8545",
      cred_ex_id: "794657e2-187e-4642-b5f2-77dd27138a49",
      wallet_id: "f161e7a3-9a88-4f2c-a988-cc9cf3fbea2f",
    },
  };

  it("accepts {event, webhook} as an event of that type about the exchange, and a repeat answers 200 with the same id", async () => {
    const wallet = await newWallet();
    const standard = await newReceiver();
    const proven = await newReceiver();
    await newWebhook(wallet.apiKey, { url: standard.url });
    await newWebhook(wallet.apiKey, { url: proven.url, format: "proven" });
    const headers = { "x-api-key": wallet.apiKey };
    const first = await call("/v1/ingest/proven", { key: null, headers, body: call_ });
    expect(first.status).toBe(202);
    const { id } = await first.json<{ id: string }>();

    const [asStandard] = await standard.waitFor(1);
    expect(JSON.parse(asStandard!.body)).toMatchObject({
      id,
      type: "credentials:done",
      walletId: wallet.id,
      data: call_.webhook,
    });
    const [asProven] = await proven.waitFor(1);
    expect(JSON.parse(asProven!.body)).toEqual({
      event: "credentials:done",
      webhook: { ...call_.webhook, wallet_id: wallet.id },
    });
    const stored = await call(`/v1/events/${id}`, { key: wallet.apiKey });
    expect(await stored.json()).toMatchObject({ subject: call_.webhook.cred_ex_id });

    const repeat = await call("/v1/ingest/proven", { key: null, headers, body: call_ });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ id });
  });

  it("refuses a call without event or webhook, or with another field, and one without a key", async () => {
    const wallet = await newWallet();
    const headers = { "x-api-key": wallet.apiKey };
    for (const body of [
      { webhook: {} },
      { event: "credentials:done" },
      { ...call_, extra: 1 },
      { event: "credentials:done", webhook: [] },
    ]) {
      const res = await call("/v1/ingest/proven", { key: null, headers, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const anonymous = await call("/v1/ingest/proven", { key: null, body: call_ });
    expect(anonymous.status).toBe(401);
  });
});
