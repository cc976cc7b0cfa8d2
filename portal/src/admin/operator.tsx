import { allPages } from "../api";
import { BarChart } from "../components/bar-chart";
import { Pending, useLoad } from "../components/loading";
import { allStats, percent } from "../pages/webhooks";
import type { Wallet, Webhook } from "../types";

interface WalletRow {
  label: string;
  backlog: number;
  ended: number;
  failed: number;
}

/** Admin: every wallet's backlog and failure rate over 24 h (from GET /v1/stats). */
export function OperatorView() {
  const { data, error } = useLoad(async () => {
    const [wallets, hooks, stats] = await Promise.all([
      allPages<Wallet>("/v1/wallets"),
      allPages<Webhook>("/v1/webhooks"),
      allStats(),
    ]);
    const owner = new Map(hooks.map((h) => [h.id, h.walletId ?? "global"]));
    const names = new Map(wallets.map((w) => [w.id, w.name]));
    const rows = new Map<string, WalletRow>();
    for (const s of stats.values()) {
      const key = owner.get(s.webhookId) ?? "global";
      const row = rows.get(key) ?? {
        label: names.get(key) ?? key,
        backlog: 0,
        ended: 0,
        failed: 0,
      };
      row.backlog += s.backlog;
      row.failed += s.deliveries.failed + s.deliveries.expired;
      row.ended += s.deliveries.succeeded + s.deliveries.failed + s.deliveries.expired;
      rows.set(key, row);
    }
    return [...rows.values()].sort((a, b) => b.backlog - a.backlog);
  }, []);
  return (
    <section aria-labelledby="op-title">
      <h1 id="op-title">Operator view</h1>
      <p class="muted">Backlog now and failure rate over the last 24 h, per wallet.</p>
      {!data ? (
        <Pending error={error} />
      ) : data.length === 0 ? (
        <p>No webhooks yet.</p>
      ) : (
        <>
          <BarChart
            title="Backlog by wallet"
            bars={data.map((r) => ({
              label: r.label.slice(0, 16),
              value: r.backlog,
              text: String(r.backlog),
            }))}
          />
          <table class="stack">
            <caption>Per wallet</caption>
            <thead>
              <tr>
                <th scope="col">Wallet</th>
                <th scope="col">Backlog</th>
                <th scope="col">Failure rate (24 h)</th>
              </tr>
            </thead>
            <tbody>
              {data.map((r) => (
                <tr key={r.label}>
                  <td data-label="Wallet">{r.label}</td>
                  <td data-label="Backlog">{r.backlog}</td>
                  <td data-label="Failure rate (24 h)">
                    {percent(r.ended ? r.failed / r.ended : null)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
