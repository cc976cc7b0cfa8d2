import { describe, expect, it } from "vitest";
import { parseIPv4, parseIPv6 } from "../../src/domain/ip-address";
import { checkWebhookUrl, isPrivateHost } from "../../src/domain/url-rules";

const strict = { allowPrivate: false, allowInsecure: false };
const longUrl = `https://example.com/${"a".repeat(2048)}`;

// [spelling, accepted under the strict policy?]
const spellings: [string, boolean][] = [
  ["https://example.com/hooks", true],
  ["https://hooks.example.com:8443/a/b?c=d", true],
  ["https://example.com/hooks#apikey", true],
  ["https://internal.example.com/hooks", true],
  ["https://local.example.com/hooks", true],
  ["https://localhost.example.com/hooks", true],
  ["https://8.8.8.8/", true],
  ["https://172.32.0.1/", true],
  ["https://172.15.255.255/", true],
  ["https://100.128.0.1/", true],
  ["https://100.63.255.255/", true],
  ["https://192.169.0.1/", true],
  ["https://[::ffff:8.8.8.8]/", true],
  ["https://[2606:4700::1111]/", true],
  ["https://[64:ff9b::808:808]/", true],
  ["http://example.com/hooks", false],
  ["https://10.0.0.1/", false],
  ["https://10.255.255.255/", false],
  ["https://172.16.0.1/", false],
  ["https://172.31.255.255/", false],
  ["https://192.168.1.1/", false],
  ["https://127.0.0.1/", false],
  ["https://127.255.255.254/", false],
  ["https://127.1/", false],
  ["https://127.0.0.1./", false],
  ["https://2130706433/", false],
  ["https://0x7f000001/", false],
  ["https://0x7f.0.0.1/", false],
  ["https://0x7f.1/", false],
  ["https://0177.0.0.1/", false],
  ["https://017700000001/", false],
  ["https://127.000.000.001/", false],
  ["https://%31%32%37.0.0.1/", false],
  ["https://\uff11\uff12\uff17.0.0.1/", false],
  ["https://0.0.0.0/", false],
  ["https://0/", false],
  ["https://169.254.169.254/latest/meta-data/", false],
  ["https://2852039166/", false],
  ["https://100.64.0.1/", false],
  ["https://100.127.255.255/", false],
  ["https://192.0.0.8/", false],
  ["https://192.0.2.1/", false],
  ["https://198.18.0.1/", false],
  ["https://198.19.255.255/", false],
  ["https://198.51.100.1/", false],
  ["https://203.0.113.1/", false],
  ["https://224.0.0.1/", false],
  ["https://239.255.255.250/", false],
  ["https://240.0.0.1/", false],
  ["https://255.255.255.255/", false],
  ["https://[::1]/", false],
  ["https://[::]/", false],
  ["https://[0:0:0:0:0:0:0:1]/", false],
  ["https://[fc00::1]/", false],
  ["https://[fd12:3456::1]/", false],
  ["https://[fe80::1]/", false],
  ["https://[fec0::1]/", false],
  ["https://[ff02::1]/", false],
  ["https://[::ffff:127.0.0.1]/", false],
  ["https://[::ffff:7f00:1]/", false],
  ["https://[::ffff:10.0.0.1]/", false],
  ["https://[::ffff:169.254.169.254]/", false],
  ["https://[::ffff:0:7f00:1]/", false],
  ["https://[::127.0.0.1]/", false],
  ["https://[64:ff9b::a00:1]/", false],
  ["https://[64:ff9b::127.0.0.1]/", false],
  ["https://[64:ff9b:1::1]/", false],
  ["https://[2002:7f00:1::1]/", false],
  ["https://[2001::1]/", false],
  ["https://[2001:db8::1]/", false],
  ["https://[3fff::1]/", false],
  ["https://localhost/", false],
  ["https://LOCALHOST/", false],
  ["https://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/", false],
  ["https://localhost./", false],
  ["https://localhost../", false],
  ["https://foo.localhost/", false],
  ["https://printer.local/", false],
  ["https://metadata.google.internal/", false],
  ["https://router.home.arpa/", false],
  ["https://intranet/", false],
  ["https://nas.lan/", false],
  ["https://router.home/", false],
  ["https://wiki.corp/", false],
  ["https://portal.intranet/", false],
  ["https://db.private/", false],
  ["https://api.default.svc/", false],
  ["https://api.default.svc.cluster.local/", false],
  ["https://hooks.test/", false],
  ["https://hooks.invalid/", false],
  ["https://receiver.example/", false],
  ["https://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/", false],
  ["https://HOOKS.TEST./", false],
  ["https://192.88.99.1/", false],
  ["https://[2001:10::1]/", false],
  ["https://[2001:1f:ffff::1]/", false],
  ["https://[2001:20::1]/", false],
  ["https://[2001:2f:ffff::1]/", false],
  ["https://[2001:30::1]/", true],
  ["https://192.88.100.1/", true],
  ["https://example.com.lan.example.org/", true],
  ["https://user:pass@example.com/", false],
  ["https://user@example.com/", false],
  ["https://:secret@example.com/", false],
  ["ftp://example.com/file", false],
  ["file:///etc/passwd", false],
  ["javascript:alert(1)", false],
  ["data:text/plain,hello", false],
  ["ws://example.com/socket", false],
  ["wss://example.com/socket", false],
  ["gopher://example.com/", false],
  ["localhost:8080/hooks", false],
  ["/relative/path", false],
  ["example.com/hooks", false],
  ["", false],
  ["   ", false],
  [longUrl, false],
];

describe("checkWebhookUrl under the strict policy", () => {
  it("covers at least fifty spellings", () => {
    expect(spellings.length).toBeGreaterThanOrEqual(50);
  });

  it.each(spellings)("%s is accepted: %s", (raw, accepted) => {
    const check = checkWebhookUrl(raw, strict);
    expect(check.ok).toBe(accepted);
    if (!check.ok) expect(check.reason).toMatch(/\S/);
  });

  it("returns the parsed URL with its fragment intact", () => {
    const check = checkWebhookUrl("https://agent.example.com/webhook#s3cret", strict);
    expect(check.ok && check.url.hash).toBe("#s3cret");
  });

  it("accepts a URL of exactly 2048 characters", () => {
    const raw = `https://example.com/${"a".repeat(2048 - "https://example.com/".length)}`;
    expect(raw).toHaveLength(2048);
    expect(checkWebhookUrl(raw, strict).ok).toBe(true);
  });

  it("explains why http is refused", () => {
    expect(checkWebhookUrl("http://example.com/", strict)).toEqual({
      ok: false,
      reason: "URL must use https, not http",
    });
  });

  it("explains why a private destination is refused", () => {
    const check = checkWebhookUrl("https://10.0.0.1/", strict);
    expect(check.ok === false && check.reason).toMatch(/private/);
  });
});

describe("the URL parser normalises IPv4 spellings before Herald sees them", () => {
  it.each([
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://0x7f.0.0.1/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://017700000001/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://127.0.0.1./", "127.0.0.1"],
    ["http://2852039166/", "169.254.169.254"],
    ["http://[::ffff:127.0.0.1]/", "[::ffff:7f00:1]"],
    ["http://[0:0:0:0:0:0:0:1]/", "[::1]"],
    ["http://LOCALHOST./", "localhost."],
  ])("%s has hostname %s", (raw, hostname) => {
    expect(new URL(raw).hostname).toBe(hostname);
  });
});

describe("Herald's own hostnames", () => {
  const own = {
    allowPrivate: true,
    allowInsecure: true,
    ownHosts: ["herald.example.org", "localhost:8787"],
  };

  it.each([
    "https://herald.example.org/v1/ingest/waltid",
    "https://HERALD.example.org./v1/ingest/waltid",
    "http://herald.example.org:8443/x",
    "http://localhost:8787/v1/ingest/waltid",
  ])("refuses %s even when private and http destinations are allowed", (raw) => {
    const check = checkWebhookUrl(raw, own);
    expect(check).toEqual({ ok: false, reason: expect.stringMatching(/Herald itself/) });
  });

  it("accepts another port of a host named with its port (a receiver beside a local Herald)", () => {
    expect(checkWebhookUrl("http://localhost:9999/anything", own).ok).toBe(true);
    expect(checkWebhookUrl("http://herald.example.org:9999/x", own).ok).toBe(false);
  });

  it("accepts other hosts, including subdomains of Herald's", () => {
    expect(checkWebhookUrl("https://hooks.herald.example.org/x", own).ok).toBe(true);
    expect(checkWebhookUrl("http://127.0.0.1:8787/x", own).ok).toBe(true);
  });
});

describe("policy flags", () => {
  const privateOnly = { allowPrivate: true, allowInsecure: false };
  const insecureOnly = { allowPrivate: false, allowInsecure: true };

  it("allowPrivate accepts private https destinations", () => {
    expect(checkWebhookUrl("https://127.0.0.1:8787/hooks", privateOnly).ok).toBe(true);
    expect(checkWebhookUrl("https://localhost/hooks", privateOnly).ok).toBe(true);
    expect(checkWebhookUrl("https://[::1]/hooks", privateOnly).ok).toBe(true);
  });

  it("allowPrivate still refuses http, credentials and other schemes", () => {
    expect(checkWebhookUrl("http://127.0.0.1/", privateOnly).ok).toBe(false);
    expect(checkWebhookUrl("https://user:pass@127.0.0.1/", privateOnly).ok).toBe(false);
    expect(checkWebhookUrl("file:///etc/passwd", privateOnly).ok).toBe(false);
  });

  it("allowInsecure accepts public http destinations", () => {
    expect(checkWebhookUrl("http://example.com/hooks", insecureOnly).ok).toBe(true);
  });

  it("allowInsecure still refuses private destinations, credentials and other schemes", () => {
    expect(checkWebhookUrl("http://127.0.0.1/", insecureOnly).ok).toBe(false);
    expect(checkWebhookUrl("http://localhost/", insecureOnly).ok).toBe(false);
    expect(checkWebhookUrl("http://user@example.com/", insecureOnly).ok).toBe(false);
    expect(checkWebhookUrl("ws://example.com/", insecureOnly).ok).toBe(false);
  });

  it("both flags together accept a loopback http receiver as in local development", () => {
    expect(
      checkWebhookUrl("http://127.0.0.1:9999/hook", { allowPrivate: true, allowInsecure: true }).ok,
    ).toBe(true);
  });
});

describe("isPrivateHost on raw hostnames", () => {
  it.each([
    ["127.0.0.1", true],
    ["0x7f.1", true],
    ["2130706433", true],
    ["::1", true],
    ["[::1]", true],
    ["::ffff:10.0.0.1", true],
    ["FE80::1", true],
    ["Metadata.Google.Internal.", true],
    ["localhost...", true],
    ["", true],
    [".", true],
    ["evil.com/@127.0.0.1", true],
    ["example.com:80", true],
    ["example.com", false],
    ["example.com.", false],
    ["8.8.8.8", false],
    ["2606:4700::1111", false],
    ["[2606:4700::1111]", false],
  ])("%s is private: %s", (hostname, expected) => {
    expect(isPrivateHost(hostname)).toBe(expected);
  });
});

describe("IP literal parsing", () => {
  it("reads dotted quads and nothing looser", () => {
    expect(parseIPv4("169.254.169.254")).toBe(2852039166);
    expect(parseIPv4("255.255.255.255")).toBe(0xffffffff);
    expect(parseIPv4("256.0.0.1")).toBeNull();
    expect(parseIPv4("127.1")).toBeNull();
    expect(parseIPv4("1.2.3.4.5")).toBeNull();
  });

  it("expands compressed IPv6 and embedded dotted quads into eight groups", () => {
    expect(parseIPv6("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6("::")).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIPv6("fe80::1:2")).toEqual([0xfe80, 0, 0, 0, 0, 0, 1, 2]);
    expect(parseIPv6("::ffff:127.0.0.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(parseIPv6("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("refuses malformed IPv6", () => {
    for (const bad of [
      "1::2::3",
      "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9",
      "12345::",
      "::g",
      "1:2:3:4:5:6:7::8",
      "::1.2.3",
    ]) {
      expect(parseIPv6(bad), bad).toBeNull();
    }
  });
});
