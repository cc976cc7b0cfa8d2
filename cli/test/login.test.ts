import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { heraldUrl, newWallet } from "../../test/node/helpers/herald.ts";
import { runCli, tempConfigDir } from "./helpers/cli.ts";
import { refusedUrl } from "./helpers/receiver.ts";

describe("herald login and logout", () => {
  it("checks the key, then saves url and key in a profile only its owner can read", async () => {
    const wallet = await newWallet();
    const config = tempConfigDir();
    const run = await runCli(["login", "--url", heraldUrl(), "--key", wallet.apiKey], {
      XDG_CONFIG_HOME: config,
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const file = path.join(config, "herald", "profile.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({
      url: heraldUrl(),
      key: wallet.apiKey,
    });
    // The saved profile is used without flags.
    const trigger = await runCli(["trigger", "openid.credential.offer_sent"], {
      XDG_CONFIG_HOME: config,
    });
    expect(trigger.stderr).toBe("");
    expect(trigger.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a wrong key with one line and exit 1, saving nothing", async () => {
    const config = tempConfigDir();
    const run = await runCli(["login", "--url", heraldUrl(), "--key", "hwk_wrong"], {
      XDG_CONFIG_HOME: config,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^herald: Herald refused the API key \(401\).*\n$/);
    expect(() => statSync(path.join(config, "herald", "profile.json"))).toThrow();
  });

  it("says so in one line when Herald cannot be reached", async () => {
    const url = new URL(await refusedUrl()).origin;
    const run = await runCli(["login", "--url", url, "--key", "k"], {
      XDG_CONFIG_HOME: tempConfigDir(),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`herald: cannot reach Herald at ${url}: ECONNREFUSED\n`);
  });

  it("logout removes the key, and commands then ask for one (usage error)", async () => {
    const wallet = await newWallet();
    const env = { XDG_CONFIG_HOME: tempConfigDir() };
    expect((await runCli(["login", "--url", heraldUrl(), "--key", wallet.apiKey], env)).code).toBe(
      0,
    );
    const out = await runCli(["logout"], env);
    expect(out.code).toBe(0);
    const file = path.join(env.XDG_CONFIG_HOME, "herald", "profile.json");
    expect(JSON.parse(readFileSync(file, "utf8")).key).toBeUndefined();
    const run = await runCli(["trigger", "openid.credential.offer_sent"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no API key: pass --key, set HERALD_API_KEY, or run herald login/);
  });
});

describe("the command line itself", () => {
  it("answers an unknown command and an unknown flag with exit 2 and no stack trace", async () => {
    const unknown = await runCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'herald: unknown command "frobnicate" (herald --help lists them)\n',
    );
    const flag = await runCli(["trigger", "x", "--colour"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe("herald: Unknown option '--colour'\n");
  });

  it("prints its usage with --help and exits 0", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: herald <command>/);
  });
});
