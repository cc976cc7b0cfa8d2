import { call, callJson } from "./api";

/** The origin the in-process worker sees (test/helpers/api.ts calls http://herald.test). */
export const ORIGIN = "http://herald.test";

/** A signed-in portal browser: its cookie and CSRF token. */
export interface Browser {
  cookie: string;
  csrf: string;
  setCookie: string;
}

/** The name=value of a Set-Cookie header. */
function cookiePair(setCookie: string | null): string {
  if (!setCookie) throw new Error("no Set-Cookie header");
  return setCookie.split(";")[0]!;
}

/** Signs in with a key as the portal's page does (same-origin JSON POST). */
export async function signIn(apiKey: string): Promise<Browser> {
  const res = await callJson("/portal/session", {
    key: null,
    body: { apiKey },
    headers: { origin: ORIGIN },
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  const setCookie = res.headers.get("set-cookie")!;
  return { cookie: cookiePair(setCookie), csrf: res.body.csrfToken, setCookie };
}

/** Opens a portal link's token as the portal's page does. */
export async function openLink(url: string) {
  const token = new URL(url).hash.replace(/^#link=/, "");
  const res = await callJson("/portal/session/link", {
    key: null,
    body: { token },
    headers: { origin: ORIGIN },
  });
  const setCookie = res.headers.get("set-cookie");
  return {
    status: res.status,
    body: res.body,
    browser: setCookie
      ? { cookie: cookiePair(setCookie), csrf: res.body.csrfToken as string, setCookie }
      : null,
  };
}

/** A request from the signed-in browser: cookie, same origin and its CSRF token unless overridden. */
export function browserCall(
  browser: Browser,
  path: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return call(path, {
    key: null,
    method: options.method,
    body: options.body,
    headers: {
      cookie: browser.cookie,
      origin: ORIGIN,
      "x-csrf-token": browser.csrf,
      ...options.headers,
    },
  });
}
