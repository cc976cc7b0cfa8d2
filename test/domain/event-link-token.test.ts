import { describe, expect, it } from "vitest";
import { mintEventToken, verifyEventToken } from "../../src/domain/crypto/event-link-token";
import { isThinBody, withLinkToken } from "../../src/domain/formats/thin";

const KEY = btoa("0123456789abcdef0123456789abcdef");
const OTHER_KEY = btoa("fedcba9876543210fedcba9876543210");
const NOW = 1_800_000_000_000;
const IN_AN_HOUR = NOW / 1000 + 3600;

describe("event link tokens", () => {
  it("grant their wallet its event until they expire", async () => {
    const token = await mintEventToken(KEY, "wallet-1", "evt:1", IN_AN_HOUR);
    expect(await verifyEventToken(KEY, token, "evt:1", NOW)).toBe("wallet-1");
    expect(await verifyEventToken(KEY, token, "evt:1", IN_AN_HOUR * 1000 - 1)).toBe("wallet-1");
    expect(await verifyEventToken(KEY, token, "evt:1", IN_AN_HOUR * 1000)).toBeNull();
  });

  it("are refused for another event, another wallet, another key or a changed expiry", async () => {
    const token = await mintEventToken(KEY, "wallet-1", "evt:1", IN_AN_HOUR);
    const [, , mac] = token.split(".");
    expect(await verifyEventToken(KEY, token, "evt:2", NOW)).toBeNull();
    expect(await verifyEventToken(KEY, `wallet-2.${IN_AN_HOUR}.${mac}`, "evt:1", NOW)).toBeNull();
    expect(
      await verifyEventToken(KEY, `wallet-1.${IN_AN_HOUR + 1}.${mac}`, "evt:1", NOW),
    ).toBeNull();
    expect(await verifyEventToken(OTHER_KEY, token, "evt:1", NOW)).toBeNull();
    for (const bad of ["", "x", "a.b.c", `wallet-1.${IN_AN_HOUR}.${mac}=`])
      expect(await verifyEventToken(KEY, bad, "evt:1", NOW), bad).toBeNull();
  });

  it("use a key of their own, not the encryption key itself", async () => {
    // An HMAC keyed directly with ENCRYPTION_KEY's bytes over the same content must not match.
    const raw = await crypto.subtle.importKey(
      "raw",
      Uint8Array.from(atob(KEY), (c) => c.charCodeAt(0)),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const direct = new Uint8Array(
      await crypto.subtle.sign(
        "HMAC",
        raw,
        new TextEncoder().encode(JSON.stringify(["wallet-1", "evt:1", IN_AN_HOUR])),
      ),
    );
    const b64url = btoa(String.fromCharCode(...direct))
      .replaceAll("+", "-")
      .replaceAll("/", "_")
      .replace(/=+$/, "");
    const token = await mintEventToken(KEY, "wallet-1", "evt:1", IN_AN_HOUR);
    expect(token.split(".")[2]).not.toBe(b64url);
  });
});

describe("thin bodies", () => {
  it("are recognised by their href's token, and get a new one in place", () => {
    const thin = JSON.stringify({ id: "e", href: "https://h/v1/events/e?token=w.1.abc" });
    expect(isThinBody(thin)).toBe(true);
    expect(withLinkToken(thin, "w.2.def")).toBe(
      JSON.stringify({ id: "e", href: "https://h/v1/events/e?token=w.2.def" }),
    );
  });

  it("are never mistaken for a full body, whatever its data holds", () => {
    const full = JSON.stringify({ id: "e", data: { href: "https://h/v1/events/e?token=w.1.abc" } });
    expect(isThinBody(full)).toBe(false);
    expect(withLinkToken(full, "x")).toBe(full);
  });
});
