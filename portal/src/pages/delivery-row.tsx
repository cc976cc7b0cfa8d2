import { useState } from "preact/hooks";
import { ApiError, api } from "../api";
import { Pending, useLoad } from "../components/loading";
import { StatusBadge } from "../components/status";
import type { Attempt, Delivery } from "../types";

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

function Attempts({ id }: { id: string }) {
  const { data, error } = useLoad(
    () => api<Delivery & { attempts: Attempt[] }>("GET", `/v1/deliveries/${id}`),
    [id],
  );
  if (!data) return <Pending error={error} />;
  if (data.attempts.length === 0) return <p class="muted">No attempt yet.</p>;
  return (
    <ol class="attempts" aria-label="Attempts">
      {data.attempts.map((a) => (
        <li key={a.n} class="attempt">
          <div>
            <strong>Attempt {a.n}</strong> · <time dateTime={a.startedAt}>{when(a.startedAt)}</time>{" "}
            · <span>status {a.statusCode ?? "none"}</span> · <span>{a.durationMs} ms</span>
          </div>
          {a.error && <div class="attempt-error">Error: {a.error}</div>}
          {a.responseBody && (
            <>
              <div class="small">Response:</div>
              <pre class="excerpt">{a.responseBody}</pre>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

/** One delivery: status, Retry, and its attempts when expanded. */
export function DeliveryRow({
  delivery,
  writable,
  onChanged,
}: {
  delivery: Delivery;
  writable: boolean;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState("");
  const [tick, setTick] = useState(0);
  const retry = async () => {
    try {
      await api("POST", `/v1/deliveries/${delivery.id}/retry`);
      setMessage("Queued for another attempt now.");
      onChanged();
      setTick((t) => t + 1);
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail : String(err));
    }
  };
  return (
    <li class="delivery">
      <div class="delivery-head">
        <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span class="mono">{delivery.eventType}</span>
        </button>
        <StatusBadge status={delivery.status} />
        <span class="muted small">
          {delivery.attemptCount} attempt{delivery.attemptCount === 1 ? "" : "s"}
          {delivery.lastStatusCode !== null && ` · last status ${delivery.lastStatusCode}`} ·{" "}
          <time dateTime={delivery.createdAt}>{when(delivery.createdAt)}</time>
        </span>
        {writable && delivery.status !== "pending" && delivery.status !== "sending" && (
          <button type="button" onClick={retry}>
            Retry
          </button>
        )}
      </div>
      {message && (
        <p role="status" class="small">
          {message}
        </p>
      )}
      {open && <Attempts key={tick} id={delivery.id} />}
    </li>
  );
}
