import { useState } from "preact/hooks";
import { allPages, api, type Page, qs, type Session } from "../api";
import { Pending, useLoad } from "../components/loading";
import { Pager, useCursorPages } from "../components/pager";
import { StatusBadge } from "../components/status";
import { href, navigate } from "../router";
import type { Wallet, Webhook, WebhookStats } from "../types";

/** A success rate as a percentage, or a dash when nothing ended yet. */
export function percent(rate: number | null): string {
  return rate === null ? "–" : `${(rate * 100).toFixed(rate === 1 ? 0 : 1)} %`;
}

/** Every page of GET /v1/stats (24 h), by webhook id. */
export async function allStats(walletId?: string): Promise<Map<string, WebhookStats>> {
  const byId = new Map<string, WebhookStats>();
  let cursor: string | null = null;
  do {
    const page: { data: WebhookStats[]; nextCursor: string | null } = await api(
      "GET",
      `/v1/stats${qs({ limit: 90, walletId, cursor })}`,
    );
    for (const s of page.data) byId.set(s.webhookId, s);
    cursor = page.nextCursor;
  } while (cursor);
  return byId;
}

/** Admin only: which webhooks to list (every wallet's, the global ones, or one wallet's). */
function WalletFilter({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const wallets = useLoad(() => allPages<Wallet>("/v1/wallets"), []);
  return (
    <label>
      Show{" "}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">every wallet's and global webhooks</option>
        <option value="global">global webhooks only</option>
        {(wallets.data ?? []).map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The webhooks list: status, 24 h success rate and backlog, a page at a time. */
export function Webhooks({ session }: { session: Session }) {
  const [walletId, setWalletId] = useState("");
  const pages = useCursorPages();
  const { cursor } = pages;
  const { data, error } = useLoad(async () => {
    const filter = walletId || undefined;
    const [hooks, stats] = await Promise.all([
      api<Page<Webhook>>("GET", `/v1/webhooks${qs({ limit: 50, walletId: filter, cursor })}`),
      allStats(filter),
    ]);
    return { hooks: hooks.data, nextCursor: hooks.nextCursor, stats };
  }, [walletId, cursor]);
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
      {session.kind === "admin" && (
        <WalletFilter
          value={walletId}
          onChange={(v) => {
            pages.reset();
            setWalletId(v);
          }}
        />
      )}
      {!data ? (
        <Pending error={error} />
      ) : data.hooks.length === 0 ? (
        <p>No webhooks yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="stack">
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
                    <td data-label="URL">
                      <a href={href(`/webhooks/${hook.id}`)}>{hook.url}</a>
                      {hook.description && <div class="muted small">{hook.description}</div>}
                    </td>
                    <td data-label="Status">
                      <StatusBadge status={hook.enabled ? "enabled" : "disabled"} />
                      {hook.disabledReason && <div class="muted small">{hook.disabledReason}</div>}
                    </td>
                    <td data-label="Success (24 h)">{percent(stats?.successRate ?? null)}</td>
                    <td data-label="Backlog">{stats?.backlog ?? 0}</td>
                    {session.kind === "admin" && (
                      <td data-label="Wallet" class="mono small">
                        {hook.walletId ?? "global"}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} nextCursor={data?.nextCursor} />
    </section>
  );
}
