import { describe, expect, it } from "vitest";
import {
  clearSessionCookie,
  cookieIsSecure,
  sessionCookieValue,
  setSessionCookie,
} from "../../src/domain/portal/cookie-header";
import {
  csrfToken,
  sessionKey,
  signSession,
  verifySession,
} from "../../src/domain/portal/session-cookie";

describe("the portal session cookie", () => {
  it("is Secure everywhere but plain http on a loopback host", () => {
    expect(cookieIsSecure("http://localhost:8787/portal/session")).toBe(false);
    expect(cookieIsSecure("http://127.0.0.1:5000/x")).toBe(false);
    expect(cookieIsSecure("http://[::1]:5000/x")).toBe(false);
    expect(cookieIsSecure("https://localhost/x")).toBe(true);
    expect(cookieIsSecure("http://herald.example.com/x")).toBe(true);
  });

  it("is written HttpOnly, SameSite=Strict, Path=/ and cleared with Max-Age=0", () => {
    expect(setSessionCookie("v", 43200, true)).toBe(
      "herald_session=v; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure",
    );
    expect(clearSessionCookie(false)).toBe(
      "herald_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
    );
  });

  it("is found among other cookies, and only by its exact name", () => {
    expect(sessionCookieValue("a=1; herald_session=v1.x.y; b=2")).toBe("v1.x.y");
    expect(sessionCookieValue("xherald_session=nope")).toBeNull();
    expect(sessionCookieValue(null)).toBeNull();
  });

  it("verifies only with the key that signed it, before its expiry, unedited", async () => {
    const key = await sessionKey("k1");
    const claims = {
      sessionId: "abcdefghijklmnopqrstuvwx",
      expiresAt: 2_000_000_000_000,
      readOnly: true,
    };
    const value = await signSession(key, claims);
    expect(await verifySession(key, value, 1_000_000_000_000)).toEqual({
      ...claims,
      expiresAt: 2_000_000_000_000,
    });
    expect(await verifySession(await sessionKey("k2"), value, 0)).toBeNull();
    expect(await verifySession(key, value, 2_000_000_000_000)).toBeNull();
    // Turning a read-only session into a writable one breaks the signature.
    expect(await verifySession(key, value.replace(".1.", ".0."), 0)).toBeNull();
  });

  it("has a CSRF token per session", async () => {
    const key = await sessionKey("k1");
    expect(await csrfToken(key, "session-one-0000000")).not.toBe(
      await csrfToken(key, "session-two-0000000"),
    );
  });
});
