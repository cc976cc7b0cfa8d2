import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { api, heraldUrl, newWallet } from "../../test/node/helpers/herald.ts";
import { runCli, tempConfigDir } from "./helpers/cli.ts";
import { storedEvent } from "./helpers/events.ts";

const env = (key: string) => ({ HERALD_URL: heraldUrl(), HERALD_API_KEY: key });

describe("herald trigger", () => {
  it("posts the catalog example of a type as an event and prints its id", async () => {
    const wallet = await newWallet();
    const run = await runCli(["trigger", "openid.credential.offer_sent"], env(wallet.apiKey));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    const catalog = await api<{ example: object }>(
      "GET",
      "/v1/event-types/openid.credential.offer_sent",
      wallet.apiKey,
    );
    const event = await storedEvent(wallet.apiKey, id);
    expect(event).toMatchObject({ type: "openid.credential.offer_sent", data: catalog.example });
  });

  it("posts the data of --data @file.json instead", async () => {
    const wallet = await newWallet();
    const file = path.join(tempConfigDir(), "data.json");
    writeFileSync(file, JSON.stringify({ offerId: "offer-7", custom: true }));
    const run = await runCli(
      ["trigger", "openid.credential.offer_sent", "--data", `@${file}`, "--json"],
      env(wallet.apiKey),
    );
    expect(run.code).toBe(0);
    const { id } = JSON.parse(run.stdout) as { id: string };
    const event = await storedEvent(wallet.apiKey, id);
    expect(event.data).toEqual({ offerId: "offer-7", custom: true });
  });

  it("refuses an unknown type with the closest names, exit 1", async () => {
    const wallet = await newWallet();
    const run = await runCli(["trigger", "openid.credential.ofer_sent"], env(wallet.apiKey));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^herald: unknown event type "openid.credential.ofer_sent" \(did you mean openid\.credential\.offer_sent.*\?\)\n$/,
    );
  });

  it("refuses a data file that is not JSON before posting anything", async () => {
    const wallet = await newWallet();
    const file = path.join(tempConfigDir(), "bad.json");
    writeFileSync(file, "{ offerId: ");
    const run = await runCli(
      ["trigger", "openid.credential.offer_sent", "--data", `@${file}`],
      env(wallet.apiKey),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^herald: ${file} is not valid JSON: .+\\n$`));
    const log = await api<{ data: unknown[] }>("GET", "/v1/events", wallet.apiKey);
    expect(log.data).toEqual([]);
  });

  it("refuses a wrong key with exit 1", async () => {
    const run = await runCli(["trigger", "openid.credential.offer_sent"], env("hwk_nope"));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^herald: Herald refused the API key \(401\)/);
  });
});
