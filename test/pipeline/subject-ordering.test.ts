import { describe, expect, it } from "vitest";
import { call, newWallet, newWebhook } from "../helpers/api";
import { newReceiver, type Received } from "../helpers/receiver";

// `ordering: "subject"` end to end: the real worker, queue and objects, a real receiver on
// loopback that fails one subject by looking at the body it is sent.

const SUBJECTS = Array.from({ length: 10 }, (_, s) => `offer-${String(s).padStart(2, "0")}`);
const PER_SUBJECT = 30;
const HELD = "offer-03";
const failsHeld = { bodyIncludes: `"subject":"${HELD}"`, step: { status: 500 } };

// The event id from the body: webhook-id is derived from it, and how is another concern.
const eventIdOf = (r: Received) => (JSON.parse(r.body) as { id: string }).id;
const subjectOf = (r: Received) =>
  (JSON.parse(r.body) as { data: { subject?: string } }).data.subject;
const ok = (r: Received) => r.status !== null && r.status < 300;

/** Posts 10 subjects × 30 events interleaved (offer-00 #0, offer-01 #0, …, offer-09 #29), 100 a call. */
async function postInterleaved(apiKey: string): Promise<Map<string, string[]>> {
  const posted = new Map<string, string[]>(SUBJECTS.map((s) => [s, []]));
  const events = [];
  for (let i = 0; i < PER_SUBJECT; i++)
    for (const subject of SUBJECTS) {
      const id = `${subject}-${String(i).padStart(2, "0")}`;
      posted.get(subject)!.push(id);
      events.push({ id, type: "t.exchange", subject, data: { subject, i } });
    }
  for (let i = 0; i < events.length; i += 100) {
    const res = await call("/v1/events/batch", {
      key: apiKey,
      body: { events: events.slice(i, i + 100) },
    });
    expect(res.status).toBe(202);
  }
  return posted;
}

describe("subject ordering", () => {
  it("delivers each of 10 subjects in acceptance order with gap-free sequences, while one failing subject holds only itself", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([], { status: 200 }, [failsHeld]);
    // 20 retries 2 s apart: the held subject stays held (never exhausted) while the rest complete.
    await newWebhook(wallet.apiKey, {
      url: receiver.url,
      ordering: "subject",
      maxInFlight: 6,
      retry: { schedule: Array.from({ length: 20 }, () => 2) },
    });
    const posted = await postInterleaved(wallet.apiKey);

    // The other nine subjects complete while offer-03 keeps failing.
    const others = 9 * PER_SUBJECT;
    let seen: Received[] = [];
    await expect
      .poll(
        async () => {
          seen = await receiver.requests();
          return seen.filter(ok).length;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe(others);
    const heldSoFar = seen.filter((r) => subjectOf(r) === HELD);
    expect(heldSoFar.length).toBeGreaterThan(0);
    // Only the held subject's first event was tried, every time as sequence 1.
    expect(new Set(heldSoFar.map((r) => eventIdOf(r)))).toEqual(new Set([posted.get(HELD)![0]]));
    expect(new Set(heldSoFar.map((r) => r.headers["webhook-sequence"]))).toEqual(new Set(["1"]));

    // Healed: the held subject resumes from where it stopped.
    await receiver.setRules([]);
    await expect
      .poll(
        async () => {
          seen = await receiver.requests();
          return seen.filter(ok).length;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(SUBJECTS.length * PER_SUBJECT);

    for (const subject of SUBJECTS) {
      const delivered = seen.filter((r) => ok(r) && subjectOf(r) === subject);
      expect(
        delivered.map((r) => eventIdOf(r)),
        subject,
      ).toEqual(posted.get(subject));
      expect(
        delivered.map((r) => Number(r.headers["webhook-sequence"])),
        subject,
      ).toEqual(Array.from({ length: PER_SUBJECT }, (_, i) => i + 1));
    }
    // One at a time per subject: nothing of a subject arrived while its earlier event was unanswered.
    for (const subject of SUBJECTS) {
      const attempts = seen.filter((r) => subjectOf(r) === subject);
      const ids = attempts.map((r) => eventIdOf(r));
      for (let i = 1; i < ids.length; i++)
        if (ids[i] !== ids[i - 1]) expect(ok(attempts[i - 1]!), `${subject} #${i}`).toBe(true);
    }
  }, 120_000);

  it("treats events without a subject as unordered: a failing one holds nothing, and none carries a sequence", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([], { status: 200 }, [
      { bodyIncludes: '"n":1', step: { status: 500 } },
    ]);
    await newWebhook(wallet.apiKey, {
      url: receiver.url,
      ordering: "subject",
      maxInFlight: 1,
      retry: { schedule: [30] },
    });
    const res = await call("/v1/events/batch", {
      key: wallet.apiKey,
      body: {
        events: [1, 2, 3].map((n) => ({ id: `loose-${n}`, type: "t.loose", data: { n } })),
      },
    });
    expect(res.status).toBe(202);
    const requests = await receiver.waitFor(3, 20_000);
    expect(requests.map((r) => [eventIdOf(r), r.status])).toEqual([
      ["loose-1", 500],
      ["loose-2", 200],
      ["loose-3", 200],
    ]);
    for (const r of requests) expect(r.headers["webhook-sequence"]).toBeUndefined();
  });
});
