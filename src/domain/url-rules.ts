import { isPrivateIPv4, isPrivateIPv6, parseIPv4, parseIPv6 } from "./ip-address";

/** Which of the two production safeguards a deployment relaxes (both off in production). */
export interface UrlPolicy {
  allowPrivate: boolean;
  allowInsecure: boolean;
  /**
   * Herald's own hostnames (the request's host and HERALD_HOSTNAMES): a webhook there would feed
   * each delivery back into ingest, so they are refused whatever the other flags say.
   */
  ownHosts?: readonly string[];
}

/** The verdict on a webhook URL: the parsed URL to store (use `url.href`), or why it was refused. */
export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Longest webhook URL Herald accepts, before and after normalisation. */
export const MAX_URL_LENGTH = 2048;

// Names that only ever resolve inside a private network or nowhere at all: RFC 6761 (.localhost,
// .test, .invalid, .example), RFC 6762 (.local), RFC 8375 (home.arpa), ICANN's .internal, RFC 7686
// (.onion), and the suffixes that home routers, corporate DNS and Kubernetes answer for themselves.
const PRIVATE_SUFFIXES = [
  "localhost",
  "local",
  "internal",
  "home.arpa",
  "lan",
  "home",
  "corp",
  "intranet",
  "private",
  "svc",
  "cluster.local",
  "test",
  "invalid",
  "example",
  "onion",
];

/** Decides whether Herald may deliver to this webhook URL. */
export function checkWebhookUrl(raw: string, policy: UrlPolicy): UrlCheck {
  if (raw.trim() === "") return refuse("URL is required");
  if (raw.length > MAX_URL_LENGTH) return refuse(`URL is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("URL must be absolute, such as https://example.com/hooks");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return refuse(`URL scheme ${url.protocol} is not allowed; use https`);
  }
  if (url.protocol === "http:" && !policy.allowInsecure)
    return refuse("URL must use https, not http");
  if (url.username !== "" || url.password !== "")
    return refuse("URL must not contain a username or password");
  // Percent-encoding and punycode can lengthen what the user typed.
  if (url.href.length > MAX_URL_LENGTH)
    return refuse(`URL is longer than ${MAX_URL_LENGTH} characters`);
  if (isOwnHost(url, policy.ownHosts ?? [])) {
    return refuse("URL points to Herald itself; a delivery there would come back as a new event");
  }
  if (!policy.allowPrivate && isPrivateHost(url.hostname)) {
    return refuse("URL points to a private, local or reserved destination");
  }
  return { ok: true, url };
}

/** True when a hostname (already parsed by URL) names a private/reserved destination. */
export function isPrivateHost(hostname: string): boolean {
  const host = canonicalHost(hostname);
  // Fail closed: a host we cannot read is not one we vouch for.
  if (host === null) return true;
  if (host.startsWith("[")) {
    const groups = parseIPv6(host.slice(1, -1));
    return groups === null || isPrivateIPv6(groups);
  }
  const v4 = parseIPv4(host);
  if (v4 !== null) return isPrivateIPv4(v4);
  // A dotless name is resolved through local search domains, never the public DNS.
  if (!host.includes(".")) return true;
  return PRIVATE_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

/**
 * True when a URL names one of Herald's own hosts. An entry with a port (the request's host,
 * `127.0.0.1:8787`) matches that port only, so a receiver beside a local Herald on another
 * port is not Herald; a bare name (HERALD_HOSTNAMES) matches every port. Compared canonically.
 */
export function isOwnHost(url: URL, ownHosts: readonly string[]): boolean {
  const host = canonicalHost(url.hostname);
  if (host === null) return false;
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return ownHosts.some((own) => {
    const [, name = "", ownPort] = /^(.*?)(?::(\d+))?$/.exec(own) ?? [];
    return canonicalHost(name) === host && (ownPort === undefined || ownPort === port);
  });
}

// Runs the host through the URL parser again so that callers passing raw text
// (0x7f.1, 2130706433, unbracketed IPv6, upper case) get the same verdict.
function canonicalHost(hostname: string): string | null {
  const trimmed = hostname.replace(/\.+$/, "");
  if (trimmed === "" || /[/\\?#@\s]/.test(trimmed)) return null;
  const bracketed = trimmed.includes(":") && !trimmed.startsWith("[") ? `[${trimmed}]` : trimmed;
  try {
    return new URL(`http://${bracketed}/`).hostname.replace(/\.+$/, "");
  } catch {
    return null;
  }
}

function refuse(reason: string): UrlCheck {
  return { ok: false, reason };
}
