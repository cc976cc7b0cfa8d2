/** The session cookie's name. */
export const SESSION_COOKIE = "herald_session";

/** The CSRF header every state-changing cookie request must carry. */
export const CSRF_HEADER = "x-csrf-token";

/** Session lifetime: 12 hours. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Secure everywhere except plain http on a loopback host, where browsers would drop a Secure
 * cookie (`npm start`, the browser tests). Any other http origin still gets Secure: the cookie
 * then never travels unencrypted.
 */
export function cookieIsSecure(requestUrl: string): boolean {
  const url = new URL(requestUrl);
  return !(url.protocol === "http:" && LOOPBACK.has(url.hostname));
}

/** The Set-Cookie value that stores a session (HttpOnly, SameSite=Strict, Path=/). */
export function setSessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    `Max-Age=${maxAgeSeconds}`,
    "HttpOnly",
    "SameSite=Strict",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** The Set-Cookie value that removes the session cookie. */
export function clearSessionCookie(secure: boolean): string {
  return setSessionCookie("", 0, secure);
}

/** The session cookie's value in a Cookie header, or null. */
export function sessionCookieValue(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return null;
}
