import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config";
import { database } from "../../src/db/client";
import { open } from "../../src/domain/crypto/secret-box";
import { DEFAULT_WALLET_ID } from "../../src/domain/ids";
import { bootstrap, ENV_GLOBAL_WEBHOOK_ID } from "../../src/services/bootstrap";
import { call, callJson } from "../helpers/api";

// The app bootstraps once per isolate, so the rules are checked on bootstrap() itself, as a restart would run it.
function restartWith(vars: Partial<Env>): Promise<void> {
  return bootstrap(database(env), loadConfig({ ...env, ...vars } as Env));
}

async function webhooksOf(walletId: string | null) {
  const sql =
    walletId === null
      ? "SELECT * FROM webhooks WHERE wallet_id IS NULL"
      : "SELECT * FROM webhooks WHERE wallet_id = ?";
  const statement = env.DB.prepare(sql);
  return (
    await (walletId === null ? statement : statement.bind(walletId)).all<Record<string, any>>()
  ).results;
}

/** Starts the default wallet over, as on a fresh database. */
async function forgetDefaultWallet() {
  const response = await call(`/v1/wallets/${DEFAULT_WALLET_ID}`, { method: "DELETE" });
  expect([204, 404]).toContain(response.status);
}

describe("the default wallet", () => {
  it("exists after the first request when DEFAULT_WALLET_ENABLED", async () => {
    await call("/v1/webhooks");
    const { status, body } = await callJson(`/v1/wallets/${DEFAULT_WALLET_ID}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: DEFAULT_WALLET_ID, name: "default" });
  });

  it("is not created when DEFAULT_WALLET_ENABLED is false", async () => {
    await forgetDefaultWallet();
    await restartWith({
      DEFAULT_WALLET_ENABLED: "false",
      DEFAULT_WALLET_WEBHOOK_URL: "https://receiver.example.com/default",
    });
    expect((await call(`/v1/wallets/${DEFAULT_WALLET_ID}`)).status).toBe(404);
    await restartWith({});
    expect((await call(`/v1/wallets/${DEFAULT_WALLET_ID}`)).status).toBe(200);
  });

  it("gets its webhook from DEFAULT_WALLET_WEBHOOK_URL once, and later values change nothing", async () => {
    await forgetDefaultWallet();
    await restartWith({
      DEFAULT_WALLET_WEBHOOK_URL: "https://receiver.example.com/first",
      DEFAULT_WALLET_WEBHOOK_API_KEY: "first-bearer",
    });
    const [created, ...others] = await webhooksOf(DEFAULT_WALLET_ID);
    expect(others).toEqual([]);
    expect(created).toMatchObject({
      url: "https://receiver.example.com/first",
      source: "env-default",
    });
    expect(await open({ keys: [env.ENCRYPTION_KEY] }, created!.bearer_token_enc)).toBe(
      "first-bearer",
    );

    await restartWith({
      DEFAULT_WALLET_WEBHOOK_URL: "https://receiver.example.com/second",
      DEFAULT_WALLET_WEBHOOK_API_KEY: "second-bearer",
    });
    await restartWith({ DEFAULT_WALLET_WEBHOOK_URL: "https://receiver.example.com/second" });
    await restartWith({});
    expect(await webhooksOf(DEFAULT_WALLET_ID)).toEqual([created]);
  });

  it("does not get a webhook from a variable set after it was first created", async () => {
    await forgetDefaultWallet();
    await restartWith({});
    await restartWith({ DEFAULT_WALLET_WEBHOOK_URL: "https://receiver.example.com/late" });
    expect(await webhooksOf(DEFAULT_WALLET_ID)).toEqual([]);
  });

  it("keeps a webhook the wallet's owner changed through the API", async () => {
    await forgetDefaultWallet();
    await restartWith({ DEFAULT_WALLET_WEBHOOK_URL: "https://receiver.example.com/first" });
    const [created] = await webhooksOf(DEFAULT_WALLET_ID);
    const patched = await callJson(`/v1/webhooks/${created!.id}`, {
      method: "PATCH",
      body: { url: "https://receiver.example.com/moved" },
    });
    expect(patched.status).toBe(200);
    await restartWith({ DEFAULT_WALLET_WEBHOOK_URL: "https://receiver.example.com/first" });
    expect((await webhooksOf(DEFAULT_WALLET_ID)).map((w) => w.url)).toEqual([
      "https://receiver.example.com/moved",
    ]);
  });
});

describe("the global webhook from GLOBAL_WEBHOOK_URL", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is created for all wallets with GLOBAL_WEBHOOK_API_KEY as its bearer token", async () => {
    await restartWith({
      GLOBAL_WEBHOOK_URL: "https://receiver.example.com/global",
      GLOBAL_WEBHOOK_API_KEY: "global-bearer",
    });
    const { status, body } = await callJson(`/v1/webhooks/${ENV_GLOBAL_WEBHOOK_ID}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      walletId: null,
      url: "https://receiver.example.com/global",
      bearerToken: "[redacted]",
      enabled: true,
    });
    const [row] = (await webhooksOf(null)).filter((w) => w.id === ENV_GLOBAL_WEBHOOK_ID);
    expect(await open({ keys: [env.ENCRYPTION_KEY] }, row!.bearer_token_enc)).toBe("global-bearer");
    expect(
      (await callJson("/v1/webhooks?walletId=global&limit=100")).body.data.map((w: any) => w.id),
    ).toContain(ENV_GLOBAL_WEBHOOK_ID);
  });

  it("follows a changed URL and key on the next start, keeping its id and signing secret", async () => {
    await restartWith({
      GLOBAL_WEBHOOK_URL: "https://receiver.example.com/global-1",
      GLOBAL_WEBHOOK_API_KEY: "bearer-1",
    });
    const secret = (await callJson(`/v1/webhooks/${ENV_GLOBAL_WEBHOOK_ID}/secret`)).body.secret;
    await restartWith({
      GLOBAL_WEBHOOK_URL: "https://receiver.example.com/global-2",
      GLOBAL_WEBHOOK_API_KEY: "bearer-2",
    });

    const globals = (await webhooksOf(null)).filter((w) => w.source === "env-global");
    expect(globals).toHaveLength(1);
    expect(globals[0]).toMatchObject({
      id: ENV_GLOBAL_WEBHOOK_ID,
      url: "https://receiver.example.com/global-2",
    });
    expect(await open({ keys: [env.ENCRYPTION_KEY] }, globals[0]!.bearer_token_enc)).toBe(
      "bearer-2",
    );
    expect((await callJson(`/v1/webhooks/${ENV_GLOBAL_WEBHOOK_ID}/secret`)).body.secret).toBe(
      secret,
    );
  });

  it("is removed when GLOBAL_WEBHOOK_URL is unset", async () => {
    await restartWith({ GLOBAL_WEBHOOK_URL: "https://receiver.example.com/global" });
    await restartWith({});
    expect((await call(`/v1/webhooks/${ENV_GLOBAL_WEBHOOK_ID}`)).status).toBe(404);
  });

  it("ignores a private URL with a warning when private destinations are off", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await forgetDefaultWallet();
    await restartWith({
      ALLOW_PRIVATE_DESTINATIONS: "false",
      GLOBAL_WEBHOOK_URL: "https://169.254.169.254/latest/meta-data",
      DEFAULT_WALLET_WEBHOOK_URL: "https://10.0.0.5/hook",
    });
    expect(warn).toHaveBeenCalledTimes(2);
    for (const [line] of warn.mock.calls)
      expect(JSON.parse(String(line))).toMatchObject({
        level: "warn",
        reason: expect.stringMatching(/private/),
      });
    expect((await webhooksOf(null)).filter((w) => w.source === "env-global")).toEqual([]);
    expect(await webhooksOf(DEFAULT_WALLET_ID)).toEqual([]);
    // The wallet itself is still made: only the webhook was refused.
    expect((await call(`/v1/wallets/${DEFAULT_WALLET_ID}`)).status).toBe(200);
  });

  it("ignores a URL at one of HERALD_HOSTNAMES with a warning, whatever the other settings", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await restartWith({
      HERALD_HOSTNAMES: "herald.example.org",
      GLOBAL_WEBHOOK_URL: "https://herald.example.org/v1/ingest/identus",
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(warn.mock.calls[0]![0]))).toMatchObject({
      reason: expect.stringMatching(/Herald itself/),
    });
    expect((await webhooksOf(null)).filter((w) => w.source === "env-global")).toEqual([]);
  });
});
