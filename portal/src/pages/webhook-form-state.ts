import type { Webhook } from "../types";

// The webhook form's state (text as typed) and how it becomes a request body.

/** What the form holds: text as typed, so a refused save keeps it all. */
export interface FormState {
  url: string;
  description: string;
  eventTypes: string;
  channels: string;
  format: string;
  retryPreset: string;
  retrySchedule: string;
  ordering: string;
  maxInFlight: string;
  customHeaders: string;
  bearerToken: string;
  apiKey: string;
  rateLimitPerSecond: string;
  timeoutMs: string;
  walletId: string;
}

/** Names in a comma- or space-separated field. */
export const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The form's text for a webhook, or for a new one. */
export function fromWebhook(hook?: Webhook): FormState {
  const retry = hook?.retry;
  return {
    url: hook?.url ?? "",
    description: hook?.description ?? "",
    eventTypes: hook?.eventTypes.join(", ") ?? "",
    channels: hook?.channels.join(", ") ?? "",
    format: hook?.format ?? "standard",
    retryPreset: retry && "schedule" in retry ? "schedule" : (retry?.preset ?? "standard"),
    retrySchedule: retry && "schedule" in retry ? retry.schedule.join(", ") : "",
    ordering: hook?.ordering ?? "fifo",
    maxInFlight: String(hook?.maxInFlight ?? 1),
    customHeaders: Object.entries(hook?.customHeaders ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n"),
    bearerToken: "",
    apiKey: "",
    rateLimitPerSecond: hook?.rateLimitPerSecond ? String(hook.rateLimitPerSecond) : "",
    timeoutMs: String(hook?.timeoutMs ?? 15000),
    walletId: "",
  };
}

/** The request body; a secret field left empty keeps the stored value. */
export function toBody(f: FormState, creating: boolean, admin: boolean) {
  const headers: Record<string, string> = {};
  for (const line of f.customHeaders.split("\n")) {
    if (!line.trim()) continue;
    const at = line.indexOf(":");
    headers[(at < 0 ? line : line.slice(0, at)).trim()] = at < 0 ? "" : line.slice(at + 1).trim();
  }
  const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
  const body: Record<string, unknown> = {
    url: f.url.trim(),
    description: f.description,
    eventTypes: list(f.eventTypes),
    channels: list(f.channels),
    format: f.format,
    retry:
      f.retryPreset === "schedule"
        ? { schedule: list(f.retrySchedule).map(Number) }
        : { preset: f.retryPreset },
    ordering: f.ordering,
    customHeaders: headers,
    rateLimitPerSecond: f.rateLimitPerSecond.trim() === "" ? null : number(f.rateLimitPerSecond),
    timeoutMs: number(f.timeoutMs),
  };
  if (f.ordering === "unordered") body.maxInFlight = number(f.maxInFlight);
  if (f.bearerToken) body.bearerToken = f.bearerToken;
  if (f.apiKey) body.apiKey = f.apiKey;
  if (creating && admin && f.walletId.trim()) body.walletId = f.walletId.trim();
  return body;
}

/**
 * Only what the user changed goes into a PATCH: the API shows sensitive custom headers
 * redacted, and sending those placeholders back would overwrite the stored values.
 */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after))
    if (JSON.stringify(value) !== JSON.stringify(before[key])) out[key] = value;
  return out;
}
