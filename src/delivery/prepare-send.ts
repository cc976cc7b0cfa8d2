import { isFormat } from "../domain/formats";
import { checkWebhookUrl, type UrlPolicy } from "../domain/url-rules";
import type { PendingRow } from "./pending-schema";
import type { PreparedAttempt } from "./prepare-attempt";
import { attemptHeaders } from "./signed-request";
import type { WebhookSettings } from "./webhook-settings";

/**
 * The attempt's headers, or why it cannot be sent: the destination is checked against the URL
 * rules again (a URL stored under looser settings, or one an environment variable set), and a
 * header value the runtime refuses (a control character in a stored token) is caught here.
 */
export async function prepareSend(
  ctx: { settings: WebhookSettings; urlPolicy: UrlPolicy },
  row: PendingRow,
  attempt: PreparedAttempt & { sequence: number | null },
): Promise<{ headers: Headers } | { refused: string }> {
  const check = checkWebhookUrl(row.url, ctx.urlPolicy);
  if (!check.ok) return { refused: `refused at send time: ${check.reason}` };
  // Headers follow the format the stored body was built in, even if the webhook's format changed since.
  const { settings } = ctx;
  const signing = { ...settings, format: isFormat(row.format) ? row.format : settings.format };
  try {
    const formatHeaders = JSON.parse(row.headers) as Record<string, string>;
    if (attempt.sequence !== null) formatHeaders["webhook-sequence"] = String(attempt.sequence);
    const headers = await attemptHeaders(
      signing,
      formatHeaders,
      { walletId: row.wallet_id, eventId: row.event_id },
      attempt.body,
      Date.now(),
      attempt.ed25519,
    );
    return { headers };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { refused: `the request could not be built: ${message.slice(0, 300)}` };
  }
}
