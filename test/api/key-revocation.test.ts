import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { database } from "../../src/db/client";
import { revokeApiKey } from "../../src/repositories/api-keys";
import { systemScope, walletScope } from "../../src/repositories/scope";
import { deleteWallet } from "../../src/repositories/wallets";
import { authenticateKey } from "../../src/services/authenticate";
import { EPOCH_CHECK_MS } from "../../src/services/key-cache";
import { callJson, newWallet } from "../helpers/api";
import { failingD1, faultSwitch } from "../helpers/faults";

// Another isolate's revocation is what the bound is about: these tests change D1 the way the
// revoking isolate does (the row and the counter, in one batch) without touching this
// isolate's cache, and move this isolate's clock instead of sleeping.
const db = () => database(env);
// The injected clock only moves forward, past every earlier test's, as a real one would.
let clock = Date.now();
function later(ms: number): number {
  clock = Math.max(clock, Date.now()) + ms;
  return clock;
}
const config = () => loadConfig(env);

async function issue(walletId: string, body: Record<string, unknown> = {}) {
  const issued = await callJson(`/v1/wallets/${walletId}/api-keys`, { body });
  expect(issued.status).toBe(201);
  return issued.body as { id: string; apiKey: string; expiresAt: string | null };
}

describe("revocation reaches every isolate within EPOCH_CHECK_MS", () => {
  it("is one second", () => {
    expect(EPOCH_CHECK_MS).toBe(1_000);
  });

  it("refuses a key revoked elsewhere once the bound has passed, though its grant was cached", async () => {
    const wallet = await newWallet("revoked elsewhere");
    const key = await issue(wallet.id);
    const t0 = later(2 * EPOCH_CHECK_MS);
    expect(await authenticateKey(db(), config(), key.apiKey, t0)).toMatchObject({
      walletId: wallet.id,
      keyId: key.id,
    });
    await revokeApiKey(db(), walletScope(wallet.id), key.id, new Date(t0).toISOString());
    await expect(
      authenticateKey(db(), config(), key.apiKey, later(EPOCH_CHECK_MS)),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("refuses the keys of a wallet deleted elsewhere once the bound has passed", async () => {
    const wallet = await newWallet("deleted elsewhere");
    const t0 = later(2 * EPOCH_CHECK_MS);
    await authenticateKey(db(), config(), wallet.apiKey, t0);
    expect(await deleteWallet(db(), systemScope(), wallet.id, new Date(t0).toISOString())).toBe(
      true,
    );
    await expect(
      authenticateKey(db(), config(), wallet.apiKey, later(EPOCH_CHECK_MS)),
    ).rejects.toMatchObject({ status: 401 });
  });
});

describe("when D1 cannot be read", () => {
  it("keeps a cached key working, and applies a revocation once the counter can be read", async () => {
    const wallet = await newWallet("outage");
    const key = await issue(wallet.id);
    await authenticateKey(db(), config(), key.apiKey, later(2 * EPOCH_CHECK_MS));
    await revokeApiKey(db(), walletScope(wallet.id), key.id, new Date().toISOString());
    const fault = faultSwitch();
    const down = database({ DB: failingD1(env.DB, ["prepare", "batch", "exec"], fault) });
    expect(await authenticateKey(down, config(), key.apiKey, later(EPOCH_CHECK_MS))).toMatchObject({
      keyId: key.id,
    });
    expect(fault.refused).toBeGreaterThan(0);
    // D1 is back: the next request reads the counter (it is due) and the revocation applies.
    await expect(authenticateKey(db(), config(), key.apiKey, later(1))).rejects.toMatchObject({
      status: 401,
    });
  });
});

describe("expiring keys", () => {
  it("work until expiresAt and are refused with 401 from that instant on", async () => {
    const wallet = await newWallet("expiring");
    const key = await issue(wallet.id, {
      scopes: ["ingest"],
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const at = Date.parse(key.expiresAt!);
    expect(await authenticateKey(db(), config(), key.apiKey, at - 1)).toMatchObject({
      scopes: ["ingest"],
    });
    await expect(authenticateKey(db(), config(), key.apiKey, at)).rejects.toMatchObject({
      status: 401,
      message: "The API key has expired",
    });
  });
});
