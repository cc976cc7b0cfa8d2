import { api, type Page, qs, type Session } from "../api";
import { Pending, useLoad } from "../components/loading";
import { StatusBadge } from "../components/status";
import { href, navigate } from "../router";
import type { Webhook, WebhookStats } from "../types";

/** A success rate as a percentage, or a dash when nothing ended yet. */
export function percent(rate: number | null): string {
  return rate === null ? "–" : `${(rate * 100).toFixed(rate === 1 ? 0 : 1)} %`;
}

/** The webhooks list: status, 24 h success rate and backlog. */
export function Webhooks({ session, walletId }: { session: Session; walletId?: string }) {
  const { data, error } = useLoad(async () => {
    const [hooks, stats] = await Promise.all([
      api<Page<Webhook>>("GET", `/v1/webhooks${qs({ limit: 100, walletId })}`),
      api<{ data: WebhookStats[] }>("GET", `/v1/stats${qs({ limit: 90, walletId })}`),
    ]);
    return { hooks: hooks.data, stats: new Map(stats.data.map((s) => [s.webhookId, s])) };
  }, [walletId]);
  return (
    <section aria-labelledby="webhooks-title">
      <div class="title-row">
        <h1 id="webhooks-title">Webhooks</h1>
        {!session.readOnly && (
          <button type="button" class="primary" onClick={() => navigate("/webhooks/new")}>
            Create webhook
          </button>
        )}
      </div>
      {!data ? (
        <Pending error={error} />
      ) : data.hooks.length === 0 ? (
        <p>No webhooks yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Webhooks with their 24 h figures</caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Status</th>
                <th scope="col">Success (24 h)</th>
                <th scope="col">Backlog</th>
                {session.kind === "admin" && <th scope="col">Wallet</th>}
              </tr>
            </thead>
            <tbody>
              {data.hooks.map((hook) => {
                const stats = data.stats.get(hook.id);
                return (
                  <tr key={hook.id}>
                    <td>
                      <a href={href(`/webhooks/${hook.id}`)}>{hook.url}</a>
                      {hook.description && <div class="muted small">{hook.description}</div>}
                    </td>
                    <td>
                      <StatusBadge status={hook.enabled ? "enabled" : "disabled"} />
                      {hook.disabledReason && <div class="muted small">{hook.disabledReason}</div>}
                    </td>
                    <td>{percent(stats?.successRate ?? null)}</td>
                    <td>{stats?.backlog ?? 0}</td>
                    {session.kind === "admin" && (
                      <td class="mono small">{hook.walletId ?? "global"}</td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
