import { useState } from "preact/hooks";
import { api, qs, type Session } from "../api";
import { BarChart } from "../components/bar-chart";
import { Pending, useLoad } from "../components/loading";
import type { WebhookStats } from "../types";
import { percent } from "./webhooks";

const WINDOWS = { "24h": 24 * 3600_000, "7d": 7 * 24 * 3600_000 } as const;
const ms = (v: number | null) => (v === null ? "–" : `${Math.round(v)} ms`);

function WebhookFigures({ s }: { s: WebhookStats }) {
  const statuses = ["succeeded", "failed", "expired", "pending", "sending"] as const;
  return (
    <article class="card" aria-labelledby={`s-${s.webhookId}`}>
      <h2 id={`s-${s.webhookId}`} class="break">
        {s.url}
      </h2>
      <dl class="facts">
        <dt>Success rate</dt>
        <dd>{percent(s.successRate)}</dd>
        <dt>Backlog</dt>
        <dd>
          {s.backlog}
          {s.oldestPendingAgeSeconds !== null &&
            ` (oldest ${Math.round(s.oldestPendingAgeSeconds)} s)`}
        </dd>
        <dt>Attempts</dt>
        <dd>{s.attempts}</dd>
      </dl>
      <div class="two">
        <BarChart
          title="Deliveries by status"
          bars={statuses.map((st) => ({
            label: st,
            value: s.deliveries[st],
            text: String(s.deliveries[st]),
            tone: st,
          }))}
        />
        <BarChart
          title="Attempt latency"
          bars={(["p50", "p95", "p99"] as const).map((p) => ({
            label: p,
            value: s.latencyMs[p] ?? 0,
            text: ms(s.latencyMs[p]),
          }))}
        />
      </div>
    </article>
  );
}

/** Stats per webhook over 24 h or 7 d, as SVG charts with their numbers. */
export function Stats({ session }: { session: Session }) {
  const [window, setWindow] = useState<keyof typeof WINDOWS>("24h");
  const { data, error } = useLoad(() => {
    const since = new Date(Date.now() - WINDOWS[window]).toISOString();
    return api<{ data: WebhookStats[] }>("GET", `/v1/stats${qs({ since, limit: 90 })}`);
  }, [window]);
  return (
    <section aria-labelledby="stats-title">
      <h1 id="stats-title">Stats</h1>
      <fieldset class="tabs">
        <legend class="sr-only">Window</legend>
        {(Object.keys(WINDOWS) as Array<keyof typeof WINDOWS>).map((w) => (
          <button key={w} type="button" aria-pressed={window === w} onClick={() => setWindow(w)}>
            Last {w === "24h" ? "24 h" : "7 days"}
          </button>
        ))}
      </fieldset>
      {session.kind === "admin" && (
        <p class="muted">Every wallet's webhooks and the global ones.</p>
      )}
      {!data ? (
        <Pending error={error} />
      ) : data.data.length === 0 ? (
        <p>No webhooks.</p>
      ) : (
        data.data.map((s) => <WebhookFigures key={s.webhookId} s={s} />)
      )}
    </section>
  );
}
