import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { api, heraldUrl, newWallet } from "../../test/node/helpers/herald.ts";
import { startCli, tempConfigDir } from "./helpers/cli.ts";
import { postBatch } from "./helpers/events.ts";
import { startProxy } from "./helpers/proxy.ts";
import { refusedUrl, startReceiver } from "./helpers/receiver.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** Starts `herald listen` and waits for its ready line; returns the process and its session secret. */
async function listen(key: string, url: string, args: string[], config = tempConfigDir()) {
  const cli = startCli(["listen", ...args], {
    HERALD_URL: url,
    HERALD_API_KEY: key,
    XDG_CONFIG_HOME: config,
  });
  cleanups.push(() => cli.stop("SIGKILL"));
  const [, secret] = await cli.waitFor(/Session secret \(stable for this profile\): (whsec_\S+)/);
  return { cli, secret: secret! };
}

const events = (tag: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => ({
    id: `${tag}-${String(from + k).padStart(2, "0")}`,
    type: "openid.credential.offer_sent",
    data: { n: from + k },
  }));

/** The wallet's log in storage order (what the stream follows), read by polling with the cursor. */
async function logOrder(key: string): Promise<string[]> {
  const page = await api<{ data: { id: string }[] }>("GET", "/v1/events?limit=100", key);
  return page.data.map((e) => e.id);
}

describe("herald listen", () => {
  it("forwards 50 events in log order, each signed with the printed secret, across a cut stream", async () => {
    const wallet = await newWallet();
    // A receiver that takes a moment per event, so the cut lands while events are still flowing.
    const receiver = await startReceiver(
      (_got, res) => void setTimeout(() => res.writeHead(204).end(), 20),
    );
    const proxy = await startProxy(heraldUrl());
    cleanups.push(receiver.close, proxy.close);
    const { cli, secret } = await listen(wallet.apiKey, proxy.url, ["--forward-to", receiver.url]);

    await postBatch(wallet.apiKey, events("ev", 0, 25));
    await receiver.waitFor(10);
    expect(proxy.cut()).toBeGreaterThan(0);
    // Stored while the CLI is reconnecting: they come from the log through Last-Event-ID.
    await postBatch(wallet.apiKey, events("ev", 25, 50));
    await receiver.waitFor(50, 60_000);
    // A last event proves nothing else was on its way: had any event come twice, 52 would arrive.
    await postBatch(wallet.apiKey, [
      { id: "last", type: "openid.credential.offer_sent", data: {} },
    ]);
    const got = await receiver.waitFor(51, 30_000);
    await cli.waitFor(/ last /);

    const verifier = new Webhook(secret);
    const ids = got.map((g) => (verifier.verify(g.body, g.headers) as { id: string }).id);
    expect(ids).toEqual(await logOrder(wallet.apiKey));
    expect(new Set(ids).size).toBe(51);
    expect(ids.filter((id) => id.startsWith("ev-")).sort()).toEqual(
      events("ev", 0, 50).map((e) => e.id),
    );
    expect(got.every((g) => g.headers["webhook-id"] === JSON.parse(g.body).id)).toBe(true);
    expect(cli.stderr()).toMatch(/stream dropped .*reconnecting/);
    expect(cli.stderr()).toMatch(/reconnected; resuming after event \d+/);
    // One line per event: time, type, id, the receiver's status, duration.
    expect(cli.stdout()).toMatch(
      /^\d\d:\d\d:\d\d {2}openid\.credential\.offer_sent {2}ev-00 {2}-> 204 {2}\d+ ms$/m,
    );
    expect(await cli.stop("SIGINT")).toBe(0);
    expect(cli.stderr()).toMatch(/Stopped\.\n$/);
  });

  it("reports a receiver that refuses connections and keeps running; the secret is stable per profile", async () => {
    const wallet = await newWallet();
    const config = tempConfigDir();
    const first = await listen(
      wallet.apiKey,
      heraldUrl(),
      ["--forward-to", await refusedUrl()],
      config,
    );
    await postBatch(wallet.apiKey, events("refused", 0, 2));
    await first.cli.waitFor(/refused-01 {2}-> connection refused: is your receiver running at/);
    expect(first.cli.child.exitCode).toBeNull();
    expect(first.cli.stdout()).toMatch(/refused-00 {2}-> connection refused/);
    expect(await first.cli.stop("SIGINT")).toBe(0);

    const again = await listen(
      wallet.apiKey,
      heraldUrl(),
      ["--forward-to", await refusedUrl()],
      config,
    );
    expect(again.secret).toBe(first.secret);
    expect(await again.cli.stop("SIGINT")).toBe(0);
  });

  it("forwards only the matching types, in the chosen format", async () => {
    const wallet = await newWallet();
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const { secret } = await listen(wallet.apiKey, heraldUrl(), [
      "--forward-to",
      receiver.url,
      "--events",
      "openid.credential.*",
      "--format",
      "identus",
    ]);
    await postBatch(wallet.apiKey, [
      { id: "skip", type: "openid4vp.presentation.verified", data: {} },
      { id: "keep", type: "openid.credential.offer_sent", data: { a: 1 } },
    ]);
    const [got] = await receiver.waitFor(1);
    const body = new Webhook(secret).verify(got!.body, got!.headers);
    expect(Object.keys(body as object)).toEqual(["id", "ts", "type", "data", "walletId"]);
    expect(body).toMatchObject({
      id: "keep",
      type: "openid.credential.offer_sent",
      data: { a: 1 },
    });
    // The skipped event was not forwarded (the matching one came after it in the log).
    expect(receiver.got).toHaveLength(1);
  });

  it("exits 1 with one line when Herald is unreachable or refuses the key; 2 without --forward-to", async () => {
    const down = startCli(["listen", "--forward-to", "http://127.0.0.1:9/x"], {
      HERALD_URL: new URL(await refusedUrl()).origin,
      HERALD_API_KEY: "k",
      XDG_CONFIG_HOME: tempConfigDir(),
    });
    expect(await down.exited()).toBe(1);
    expect(down.stderr()).toMatch(
      /^herald: cannot reach Herald at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\n$/,
    );

    const wrongKey = startCli(["listen", "--forward-to", "http://127.0.0.1:9/x"], {
      HERALD_URL: heraldUrl(),
      HERALD_API_KEY: "hwk_nope",
      XDG_CONFIG_HOME: tempConfigDir(),
    });
    expect(await wrongKey.exited()).toBe(1);
    expect(wrongKey.stderr()).toMatch(/^herald: Herald refused the API key \(401\)/);

    const usage = startCli(["listen"], { HERALD_API_KEY: "k", XDG_CONFIG_HOME: tempConfigDir() });
    expect(await usage.exited()).toBe(2);
    expect(usage.stderr()).toMatch(/needs --forward-to/);
  });
});
