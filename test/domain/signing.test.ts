import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { igrantTimestamp, signIgrant, verifyIgrant } from "../../src/domain/signing/igrant";
import { generateSecret, signStandard } from "../../src/domain/signing/standard-webhooks";

// Standard Webhooks

const nowSec = () => Math.floor(Date.now() / 1000);
const body = JSON.stringify({
  id: "evt_1",
  type: "ConnectionUpdated",
  data: { label: "Connect with Alice" },
});

// The reference library is the judge: a receiver using it must accept what Herald sends.
function verifyWithLibrary(
  secret: string,
  msgId: string,
  ts: number,
  signature: string,
  payload: string,
): unknown {
  return new Webhook(secret).verify(payload, {
    "webhook-id": msgId,
    "webhook-timestamp": String(ts),
    "webhook-signature": signature,
  });
}

describe("generateSecret", () => {
  it("returns whsec_ followed by the base64 of 32 bytes", () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(secret.slice("whsec_".length))).toHaveLength(32);
  });

  it("returns a different secret every time", () => {
    const secrets = new Set(Array.from({ length: 50 }, generateSecret));
    expect(secrets.size).toBe(50);
  });

  it("produces secrets the standardwebhooks library accepts", async () => {
    const secret = generateSecret();
    const ts = nowSec();
    const sig = await signStandard([secret], "msg_gen", ts, body);
    expect(verifyWithLibrary(secret, "msg_gen", ts, sig, body)).toEqual(JSON.parse(body));
  });
});

describe("signStandard", () => {
  it("matches a known HMAC-SHA256 vector computed outside Herald", async () => {
    const secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const sig = await signStandard([secret], "msg_1", 1700000000, '{"a":1}');
    expect(sig).toBe("v1,AMaOha7DUT/0J0JMycRuYOBSvbx3WtwLd2khXXbaVj4=");
  });

  it("is accepted by the standardwebhooks library with the current secret", async () => {
    const secret = generateSecret();
    const ts = nowSec();
    const sig = await signStandard([secret], "evt_1", ts, body);
    expect(sig).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verifyWithLibrary(secret, "evt_1", ts, sig, body)).toEqual(JSON.parse(body));
  });

  it("puts one space-separated signature per secret, current first, each accepted by the library", async () => {
    const current = generateSecret();
    const old = generateSecret();
    const ts = nowSec();
    const header = await signStandard([current, old], "evt_rot", ts, body);
    const parts = header.split(" ");
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(await signStandard([current], "evt_rot", ts, body));
    expect(parts[1]).toBe(await signStandard([old], "evt_rot", ts, body));
    expect(() => verifyWithLibrary(current, "evt_rot", ts, header, body)).not.toThrow();
    expect(() => verifyWithLibrary(old, "evt_rot", ts, header, body)).not.toThrow();
  });

  it("is rejected by the library when the body, id or timestamp was changed", async () => {
    const secret = generateSecret();
    const ts = nowSec();
    const sig = await signStandard([secret], "evt_1", ts, body);
    expect(() =>
      verifyWithLibrary(secret, "evt_1", ts, sig, body.replace("Alice", "Mallory")),
    ).toThrow();
    expect(() => verifyWithLibrary(secret, "evt_2", ts, sig, body)).toThrow();
    expect(() => verifyWithLibrary(secret, "evt_1", ts + 1, sig, body)).toThrow();
  });

  it("is rejected by the library under an unrelated secret", async () => {
    const ts = nowSec();
    const sig = await signStandard([generateSecret()], "evt_1", ts, body);
    expect(() => verifyWithLibrary(generateSecret(), "evt_1", ts, sig, body)).toThrow();
  });

  it("signs the UTF-8 bytes of non-ASCII bodies as the library does", async () => {
    const secret = generateSecret();
    const ts = nowSec();
    const unicode = JSON.stringify({ name: "Zoë ✓ 日本 🎫" });
    const sig = await signStandard([secret], "evt_u", ts, unicode);
    expect(verifyWithLibrary(secret, "evt_u", ts, sig, unicode)).toEqual({ name: "Zoë ✓ 日本 🎫" });
  });

  it("accepts a bare base64 secret without the whsec_ prefix, as the library does", async () => {
    const secret = generateSecret();
    const ts = nowSec();
    const sig = await signStandard([secret.slice("whsec_".length)], "evt_1", ts, body);
    expect(() => verifyWithLibrary(secret, "evt_1", ts, sig, body)).not.toThrow();
  });

  it("keeps signing correctly after its key cache has evicted entries", async () => {
    const first = generateSecret();
    const ts = nowSec();
    await signStandard([first], "evt_1", ts, body);
    for (let i = 0; i < 300; i++) await signStandard([generateSecret()], "evt_x", ts, "{}");
    const again = await signStandard([first], "evt_1", ts, body);
    expect(() => verifyWithLibrary(first, "evt_1", ts, again, body)).not.toThrow();
  });

  it("refuses an empty secret list, a fractional timestamp and an undecodable secret", async () => {
    await expect(signStandard([], "evt_1", nowSec(), body)).rejects.toThrow(RangeError);
    await expect(signStandard([generateSecret()], "evt_1", 1.5, body)).rejects.toThrow(RangeError);
    await expect(
      signStandard(["whsec_***not base64***"], "evt_1", nowSec(), body),
    ).rejects.toThrow();
    await expect(signStandard(["whsec_"], "evt_1", nowSec(), body)).rejects.toThrow();
  });
});

// iGrant.io

const igrantSecret = "igrant-test-secret";
const igrantBody = '{"deliveryID":"67f770eec8426b0b55e30c2e"}';
const t = "2025-04-10T07:19:10Z";
const tMs = Date.UTC(2025, 3, 10, 7, 19, 10);

// Written from iGrant's Go example, independent of Herald's code:
// hex(HMAC-SHA256(key = []byte(secretKey), timestamp + "." + payload)).
async function referenceSig(key: string, timestamp: string, payload: string): Promise<string> {
  const enc = new TextEncoder();
  const k = await crypto.subtle.importKey(
    "raw",
    enc.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", k, enc.encode(`${timestamp}.${payload}`)),
  );
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("igrantTimestamp", () => {
  it("formats ISO 8601 UTC with the milliseconds dropped", () => {
    expect(igrantTimestamp(tMs + 987)).toBe("2025-04-10T07:19:10Z");
    expect(igrantTimestamp(0)).toBe("1970-01-01T00:00:00Z");
  });
});

describe("signIgrant", () => {
  it("produces t=<timestamp>,sig=<hex> matching the Go example's computation", async () => {
    const header = await signIgrant(igrantSecret, t, igrantBody);
    expect(header).toBe(`t=${t},sig=${await referenceSig(igrantSecret, t, igrantBody)}`);
  });

  it("matches a known vector computed outside Herald", async () => {
    expect(await signIgrant(igrantSecret, t, igrantBody)).toBe(
      `t=${t},sig=d66baa3efe319558ff1a65cd48730100ae700999a68ca0636c584a339ad42e9a`,
    );
  });

  it("keys with the secret string's UTF-8 bytes, not a base64 decoding of it", async () => {
    const whsec = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const unicodeBody = '{"name":"Zoë 🎫"}';
    expect(await signIgrant(whsec, t, unicodeBody)).toBe(
      `t=${t},sig=${await referenceSig(whsec, t, unicodeBody)}`,
    );
  });
});

describe("verifyIgrant", () => {
  const reference = async (ts = t, payload = igrantBody, key = igrantSecret) =>
    `t=${ts},sig=${await referenceSig(key, ts, payload)}`;

  it("accepts a fresh header signed by the reference implementation", async () => {
    expect(await verifyIgrant(await reference(), igrantBody, igrantSecret, tMs + 1_000)).toBe(true);
  });

  it("accepts its own signatures", async () => {
    expect(
      await verifyIgrant(
        await signIgrant(igrantSecret, t, igrantBody),
        igrantBody,
        igrantSecret,
        tMs,
      ),
    ).toBe(true);
  });

  it("accepts a timestamp exactly 300 s away in either direction and rejects 301 s", async () => {
    const header = await reference();
    expect(await verifyIgrant(header, igrantBody, igrantSecret, tMs + 300_000)).toBe(true);
    expect(await verifyIgrant(header, igrantBody, igrantSecret, tMs - 300_000)).toBe(true);
    expect(await verifyIgrant(header, igrantBody, igrantSecret, tMs + 301_000)).toBe(false);
    expect(await verifyIgrant(header, igrantBody, igrantSecret, tMs - 301_000)).toBe(false);
  });

  it("uses the tolerance it is given", async () => {
    const header = await reference();
    expect(await verifyIgrant(header, igrantBody, igrantSecret, tMs + 30_000, 10)).toBe(false);
    expect(await verifyIgrant(header, igrantBody, igrantSecret, tMs + 30_000, 60)).toBe(true);
  });

  it("rejects a tampered body, a wrong secret and a changed timestamp", async () => {
    const header = await reference();
    expect(await verifyIgrant(header, igrantBody.replace("67f7", "0000"), igrantSecret, tMs)).toBe(
      false,
    );
    expect(await verifyIgrant(header, igrantBody, "another-secret", tMs)).toBe(false);
    const moved = header.replace(t, "2025-04-10T07:19:11Z");
    expect(await verifyIgrant(moved, igrantBody, igrantSecret, tMs)).toBe(false);
  });

  it("accepts uppercase hex, spaces after the comma, and any of several sig entries", async () => {
    const sig = await referenceSig(igrantSecret, t, igrantBody);
    expect(
      await verifyIgrant(`t=${t},sig=${sig.toUpperCase()}`, igrantBody, igrantSecret, tMs),
    ).toBe(true);
    expect(await verifyIgrant(`t=${t}, sig=${sig}`, igrantBody, igrantSecret, tMs)).toBe(true);
    expect(
      await verifyIgrant(`t=${t},sig=${"0".repeat(64)},sig=${sig}`, igrantBody, igrantSecret, tMs),
    ).toBe(true);
  });

  it("rejects malformed headers", async () => {
    const sig = await referenceSig(igrantSecret, t, igrantBody);
    const malformed = [
      null,
      "",
      "garbage",
      `t=${t}`,
      `sig=${sig}`,
      `sig=${sig},t=${t},t=${t}`,
      `t=yesterday,sig=${sig}`,
      `t=1744269550,sig=${sig}`,
      `t=${t},sig=${sig.slice(2)}`,
      `t=${t},sig=${sig}00`,
      `t=${t},sig=${"z".repeat(64)}`,
      `t=${t},sig=${sig},v1=${sig}`,
      `t=${t};sig=${sig}`,
      `t=2025-13-45T99:99:99Z,sig=${sig}`,
    ];
    for (const header of malformed) {
      expect(await verifyIgrant(header, igrantBody, igrantSecret, tMs), String(header)).toBe(false);
    }
  });

  it("rejects everything when the secret is empty", async () => {
    expect(await verifyIgrant(await reference(), igrantBody, "", tMs)).toBe(false);
  });
});
