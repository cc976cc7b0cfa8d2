import { describe, expect, it } from "vitest";
import { api, heraldUrl, newWallet } from "../../test/node/helpers/herald.ts";
import { runCli, startCli, tempConfigDir } from "./helpers/cli.ts";
import { storedEvent } from "./helpers/events.ts";
import { startReceiver } from "./helpers/receiver.ts";

const env = (key: string) => ({ HERALD_URL: heraldUrl(), HERALD_API_KEY: key });

async function herald(key: string, ...args: string[]) {
  return runCli(args, env(key));
}

/** Polls (bounded) until check passes on what `read` returns. */
async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("herald webhooks", () => {
  it("creates, lists, reads, updates, rotates the secret of and deletes a webhook", async () => {
    const { apiKey } = await newWallet();
    const created = await herald(
      apiKey,
      "webhooks",
      "create",
      "http://127.0.0.1:9/hooks",
      "--events",
      "openid.credential.*",
      "--json",
    );
    expect(created.stderr).toBe("");
    const hook = JSON.parse(created.stdout) as { id: string; secret: string; eventTypes: string[] };
    expect(hook.secret).toMatch(/^whsec_/);
    expect(hook.eventTypes).toEqual(["openid.credential.*"]);

    const list = await herald(apiKey, "webhooks", "list");
    expect(list.code).toBe(0);
    expect(list.stdout.split("\n")[0]).toBe("ID\tURL\tFORMAT\tENABLED\tEVENTS");
    expect(list.stdout).toContain(
      `${hook.id}\thttp://127.0.0.1:9/hooks\tstandard\ttrue\topenid.credential.*`,
    );

    const got = await herald(apiKey, "webhooks", "get", hook.id);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: hook.id, url: "http://127.0.0.1:9/hooks" });
    expect(got.stdout).not.toContain("whsec_");

    const updated = await herald(
      apiKey,
      "webhooks",
      "update",
      hook.id,
      "--description",
      "from the CLI",
      "--enabled",
      "false",
    );
    expect(updated.stdout).toBe(`Updated webhook ${hook.id}\n`);
    expect(await api("GET", `/v1/webhooks/${hook.id}`, apiKey)).toMatchObject({
      description: "from the CLI",
      enabled: false,
    });

    const rotated = await herald(apiKey, "webhooks", "rotate-secret", hook.id, "--json");
    const { secret } = JSON.parse(rotated.stdout) as { secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(hook.secret);

    const deleted = await herald(apiKey, "webhooks", "delete", hook.id);
    expect(deleted.stdout).toBe(`Deleted webhook ${hook.id}\n`);
    const gone = await herald(apiKey, "webhooks", "get", hook.id);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(
      "herald: reading the webhook failed: 404 Not found: Webhook not found\n",
    );
  });

  it("passes Herald's validation error on as one line, and a wrong subcommand is a usage error", async () => {
    const { apiKey } = await newWallet();
    const bad = await herald(apiKey, "webhooks", "create", "ftp://example.com/x");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^herald: creating the webhook failed: 400 Validation failed.*\n$/);
    const usage = await herald(apiKey, "webhooks", "frob");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^herald: unknown subcommand "frob"/);
  });
});

describe("herald events", () => {
  it("lists the log, reads one event, and reports an unknown id", async () => {
    const { apiKey } = await newWallet();
    const id = (await herald(apiKey, "trigger", "openid.credential.offer_sent")).stdout.trim();
    await storedEvent(apiKey, id);
    const list = await herald(apiKey, "events", "list");
    expect(list.stdout).toMatch(
      new RegExp(`^${id}\\topenid\\.credential\\.offer_sent\\t\\d{4}-`, "m"),
    );
    const got = await herald(apiKey, "events", "get", id);
    expect(JSON.parse(got.stdout)).toMatchObject({
      id,
      type: "openid.credential.offer_sent",
      deliveries: [],
    });
    const missing = await herald(apiKey, "events", "get", "no-such-event");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^herald: reading the event failed: 404/);
  });

  it("tails the live stream, one line per event, until Ctrl-C", async () => {
    const { apiKey } = await newWallet();
    const tail = startCli(["events", "tail", "--json"], {
      ...env(apiKey),
      XDG_CONFIG_HOME: tempConfigDir(),
    });
    await tail.waitFor(/Tailing the live stream/);
    const id = (await herald(apiKey, "trigger", "openid.credential.offer_sent")).stdout.trim();
    await tail.waitFor(new RegExp(`"id":"${id}"`));
    expect(await tail.stop("SIGINT")).toBe(0);
  });
});

describe("herald deliveries and recover", () => {
  it("lists a webhook's deliveries, reads one with its attempts, retries it and recovers the failed ones", async () => {
    const { apiKey } = await newWallet();
    let status = 500;
    const receiver = await startReceiver((_got, res) => void res.writeHead(status).end("answer"));
    try {
      const hook = await api<{ id: string }>("POST", "/v1/webhooks", apiKey, {
        url: receiver.url,
        retry: { preset: "none" },
      });
      await herald(apiKey, "trigger", "openid.credential.offer_sent");
      const failed = await eventually(
        async () =>
          JSON.parse((await herald(apiKey, "deliveries", "list", hook.id, "--json")).stdout),
        (page: { data: { id: string; status: string }[] }) => page.data[0]?.status === "failed",
      );
      const deliveryId = failed.data[0]!.id;
      const table = await herald(apiKey, "deliveries", "list", hook.id, "--status", "failed");
      expect(table.stdout).toMatch(
        new RegExp(`^${deliveryId}\\topenid\\.credential\\.offer_sent\\tfailed\\t1\\t500\\t`, "m"),
      );

      const one = await herald(apiKey, "deliveries", "get", deliveryId);
      expect(JSON.parse(one.stdout).attempts[0]).toMatchObject({
        n: 1,
        statusCode: 500,
        responseBody: "answer",
      });

      status = 200;
      const retried = await herald(apiKey, "deliveries", "retry", deliveryId);
      expect(retried.stdout).toBe(`Queued delivery ${deliveryId} for an attempt now.\n`);
      await eventually(
        async () => JSON.parse((await herald(apiKey, "deliveries", "get", deliveryId)).stdout),
        (d: { status: string }) => d.status === "succeeded",
      );

      // A second failure, recovered in bulk.
      status = 500;
      await herald(apiKey, "trigger", "openid.credential.offer_sent");
      await eventually(
        async () =>
          JSON.parse(
            (await herald(apiKey, "deliveries", "list", hook.id, "--status", "failed", "--json"))
              .stdout,
          ),
        (page: { data: unknown[] }) => page.data.length === 1,
      );
      status = 200;
      const recovered = await herald(apiKey, "recover", hook.id, "--since", "1h");
      expect(recovered.stdout).toMatch(/^Queued 1 failed deliveries again \(since \d{4}-.+\)\.\n$/);
    } finally {
      await receiver.close();
    }
  });

  it("reports an unknown delivery (exit 1) and a missing or malformed --since (exit 2)", async () => {
    const { apiKey } = await newWallet();
    const missing = await herald(
      apiKey,
      "deliveries",
      "get",
      "0193aaaa-0000-7000-8000-000000000000",
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^herald: reading the delivery failed: 404/);
    expect((await herald(apiKey, "recover", "some-id")).code).toBe(2);
    const bad = await herald(apiKey, "recover", "some-id", "--since", "yesterday");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since must be a duration/);
  });
});
