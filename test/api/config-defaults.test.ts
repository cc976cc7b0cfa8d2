import { describe, expect, it } from "vitest";
import devVarsExample from "../../.dev.vars.example?raw";
import packageJson from "../../package.json";
import deployPlan from "../../scripts/lib/deploy-plan.mjs?raw";
import { loadConfig } from "../../src/config";
import { checkWebhookUrl } from "../../src/domain/url-rules";
import wranglerToml from "../../wrangler.toml?raw";

// A production deploy sets the required secrets and nothing else; these tests hold the settings
// to that: safe without any variable, and `npm run deploy` checking exactly the secrets that
// src/config.ts cannot do without.
const secrets: Record<string, string> = {
  ADMIN_API_KEY: "production-admin-key-0123456789",
  ENCRYPTION_KEY: "cHJvZHVjdGlvbi1lbmNyeXB0aW9uLWtleS0zMi1ieXQ=",
};

/** Settings as an Env; a fresh object each time, since loadConfig memoises per object. */
const asEnv = (values: Record<string, string>) => ({ ...values }) as unknown as Env;

/** `KEY=value` lines of a dotenv or TOML table, as an object. */
function assignments(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, key, value] of text.matchAll(
    /^([A-Z][A-Z0-9_]*)[ \t]*=[ \t]*"?([^"\n]*)"?[ \t]*$/gm,
  )) {
    out[key!] = value!;
  }
  return out;
}

const requiredSecrets: string[] = JSON.parse(
  deployPlan.match(/requiredSecrets = (\[[^\]]*\])/)![1]!,
);
const tomlVars = assignments(wranglerToml.split("[vars]")[1]!.split(/^\[/m)[0]!);

describe("production defaults", () => {
  it("refuse private and plain-http destinations when no variable is set", () => {
    const config = loadConfig(asEnv(secrets));
    expect(config.ALLOW_PRIVATE_DESTINATIONS).toBe(false);
    expect(config.ALLOW_INSECURE_URLS).toBe(false);
    const policy = {
      allowPrivate: config.ALLOW_PRIVATE_DESTINATIONS,
      allowInsecure: config.ALLOW_INSECURE_URLS,
    };
    expect(checkWebhookUrl("http://hooks.example.com/in", policy).ok).toBe(false);
    expect(checkWebhookUrl("https://127.0.0.1/in", policy).ok).toBe(false);
    expect(checkWebhookUrl("https://10.0.0.8/in", policy).ok).toBe(false);
    expect(checkWebhookUrl("https://hooks.example.com/in", policy).ok).toBe(true);
  });

  it("keep both safeguards on in wrangler.toml's [vars]", () => {
    expect(tomlVars.ALLOW_PRIVATE_DESTINATIONS ?? "false").toBe("false");
    expect(tomlVars.ALLOW_INSECURE_URLS ?? "false").toBe("false");
    const config = loadConfig(asEnv({ ...tomlVars, ...secrets }));
    expect(config.ALLOW_PRIVATE_DESTINATIONS).toBe(false);
    expect(config.ALLOW_INSECURE_URLS).toBe(false);
  });

  it("leave the relaxations out of .dev.vars.example's settings (npm start turns them on locally)", () => {
    const dev = assignments(devVarsExample);
    expect(dev.ALLOW_PRIVATE_DESTINATIONS).toBeUndefined();
    expect(dev.ALLOW_INSECURE_URLS).toBeUndefined();
    expect(devVarsExample).toMatch(/^# ALLOW_PRIVATE_DESTINATIONS=true$/m);
    expect(devVarsExample).toMatch(/^# ALLOW_INSECURE_URLS=true$/m);
  });
});

describe("the wallet limits' defaults", () => {
  it("are those of the README's Limits table when no variable is set", () => {
    const config = loadConfig(asEnv(secrets));
    expect({
      webhooks: config.LIMIT_WEBHOOKS,
      eventTypes: config.LIMIT_EVENT_TYPES,
      notifyUrlsPerDay: config.LIMIT_NOTIFY_URLS_PER_DAY,
      ingestPerSecond: config.LIMIT_INGEST_PER_SECOND,
      ingestBurst: config.LIMIT_INGEST_BURST,
      testSendsPerMinute: config.LIMIT_TEST_SENDS_PER_MINUTE,
      doctorRunsPerMinute: config.LIMIT_DOCTOR_RUNS_PER_MINUTE,
      recoversPerHour: config.LIMIT_RECOVERS_PER_HOUR,
      streamListeners: config.LIMIT_STREAM_LISTENERS,
      attemptExcerptBytes: config.LIMIT_ATTEMPT_EXCERPT_BYTES,
      replayBudget: config.STREAM_REPLAY_BUDGET_BYTES,
      retryMin: config.RETRY_MIN_DELAY_SECONDS,
    }).toEqual({
      webhooks: 100,
      eventTypes: 200,
      notifyUrlsPerDay: 1000,
      ingestPerSecond: 100,
      ingestBurst: 200,
      testSendsPerMinute: 10,
      doctorRunsPerMinute: 6,
      recoversPerHour: 20,
      streamListeners: 20,
      attemptExcerptBytes: 16384,
      replayBudget: 1048576,
      retryMin: 5,
    });
  });

  it("refuse a value that is not a whole number, naming the setting", () => {
    for (const value of ["ten", "1.5", "-1"])
      expect(() => loadConfig(asEnv({ ...secrets, LIMIT_WEBHOOKS: value }))).toThrow(
        "LIMIT_WEBHOOKS",
      );
  });
});

describe("the secrets npm run deploy requires", () => {
  it("are exactly the settings Herald cannot start without", () => {
    const every = { ...assignments(devVarsExample), ...secrets };
    const cannotDoWithout = Object.keys(every).filter((name) => {
      const { [name]: _dropped, ...rest } = every;
      try {
        loadConfig(asEnv(rest));
        return false;
      } catch {
        return true;
      }
    });
    expect(cannotDoWithout.sort()).toEqual([...requiredSecrets].sort());
  });

  it("each make the config refuse to load, naming the setting, when missing", () => {
    for (const name of requiredSecrets) {
      const { [name]: _dropped, ...rest } = secrets;
      expect(() => loadConfig(asEnv(rest)), name).toThrow(name);
    }
  });
});

describe("the Deploy to Cloudflare button", () => {
  it("has a description in package.json for every secret and var it asks for", () => {
    const asked = [...Object.keys(assignments(devVarsExample)), ...Object.keys(tomlVars)];
    const described = Object.keys(packageJson.cloudflare.bindings);
    expect(asked.filter((name) => !described.includes(name))).toEqual([]);
  });
});
