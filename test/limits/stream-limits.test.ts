import { afterEach, describe, expect, it } from "vitest";
import type { EventView } from "../../src/domain/event-contract/event-view";
import { Listener } from "../../src/streams/listener";
import { call, callJson, expectProblem, newWallet } from "../helpers/api";
import { readSse } from "../helpers/sse";

// The live stream's limits: at most streamListeners open streams per wallet (20 by default),
// and a byte budget for the live events held while a resuming listener's backlog is replayed.

type Reader = ReturnType<typeof readSse>;
const open: Reader[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function openStream(key: string): Promise<Response> {
  const response = await call("/v1/events/stream", { key });
  if (response.status === 200) {
    const reader = readSse(response);
    open.push(reader);
    await reader.waitForComment("connected");
  }
  return response;
}

describe("listeners per wallet", () => {
  it("are 20 by default: the 21st stream is refused with 429 problem+json", async () => {
    const wallet = await newWallet();
    for (let n = 0; n < 20; n++) expect((await openStream(wallet.apiKey)).status).toBe(200);
    const refused = await openStream(wallet.apiKey);
    expect((await expectProblem(refused, 429)).detail).toMatch(/streamListeners/);
    // Another wallet's streams are counted apart.
    const other = await newWallet();
    expect((await openStream(other.apiKey)).status).toBe(200);
    const usage = await callJson("/v1/usage", { key: wallet.apiKey });
    expect(usage.body.current.streamListeners).toBe(20);
  });

  it("follow the wallet's streamListeners override", async () => {
    const wallet = await newWallet();
    await callJson(`/v1/wallets/${wallet.id}`, {
      method: "PATCH",
      body: { limits: { streamListeners: 2 } },
    });
    expect((await openStream(wallet.apiKey)).status).toBe(200);
    expect((await openStream(wallet.apiKey)).status).toBe(200);
    await expectProblem(await openStream(wallet.apiKey), 429);
  });
});

describe("a resuming listener's replay budget", () => {
  const view = (position: number): { position: number; event: EventView } => ({
    position,
    event: {
      id: `e-${position}`,
      walletId: "w",
      type: "acme.big",
      data: { pad: "x".repeat(10_000) },
      channels: [],
      subject: null,
      expiresAt: null,
      notify: null,
      createdAt: "2026-01-01T00:00:00.000Z",
    },
  });

  it("closes the listener once the live events held during its replay pass the budget", () => {
    const closed: Listener[] = [];
    const listener = new Listener(null, (l) => closed.push(l), 64 * 1024);
    listener.begin(0, true);
    for (let p = 1; p <= 6; p++) listener.offer(view(p));
    expect(listener.closed).toBe(false);
    listener.offer(view(7));
    expect(listener.closed).toBe(true);
    expect(closed).toEqual([listener]);
  });

  it("holds nothing against the budget once the listener is live", () => {
    const listener = new Listener(null, () => {}, 64 * 1024);
    listener.begin(0, true);
    for (let p = 1; p <= 6; p++) listener.offer(view(p));
    listener.goLive();
    for (let p = 7; p <= 12; p++) listener.offer(view(p));
    expect(listener.closed).toBe(false);
  });
});
