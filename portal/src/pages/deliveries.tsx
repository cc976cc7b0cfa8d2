import { useState } from "preact/hooks";
import { ApiError, api, type Page, qs } from "../api";
import { Pending, useLoad } from "../components/loading";
import { StatusBadge } from "../components/status";
import { type Attempt, DELIVERY_STATUSES, type Delivery } from "../types";

/** A local datetime-local value as an ISO instant, or undefined. */
export function isoFromLocal(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

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

function DeliveryRow({
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

/** A webhook's deliveries: filters, each expanding to its attempts, Retry. */
export function Deliveries({
  webhookId,
  writable,
  refresh,
}: {
  webhookId: string;
  writable: boolean;
  refresh: number;
}) {
  const [status, setStatus] = useState("");
  const [eventType, setEventType] = useState("");
  const [since, setSince] = useState("");
  const [until, setUntil] = useState("");
  const [cursor, setCursor] = useState<string | undefined>();
  const { data, error, reload } = useLoad(
    () =>
      api<Page<Delivery>>(
        "GET",
        `/v1/webhooks/${webhookId}/deliveries${qs({ limit: 25, status, eventType, since: isoFromLocal(since), until: isoFromLocal(until), cursor })}`,
      ),
    [webhookId, status, eventType, since, until, cursor, refresh],
  );
  return (
    <section aria-labelledby="deliveries-title" class="card">
      <div class="title-row">
        <h2 id="deliveries-title">Deliveries</h2>
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <fieldset class="filters">
        <legend class="sr-only">Filter deliveries</legend>
        <label>
          Status{" "}
          <select
            value={status}
            onChange={(e) => {
              setCursor(undefined);
              setStatus(e.currentTarget.value);
            }}
          >
            <option value="">any</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type{" "}
          <input
            value={eventType}
            onChange={(e) => {
              setCursor(undefined);
              setEventType(e.currentTarget.value);
            }}
          />
        </label>
        <label>
          Since{" "}
          <input
            type="datetime-local"
            value={since}
            onChange={(e) => {
              setCursor(undefined);
              setSince(e.currentTarget.value);
            }}
          />
        </label>
        <label>
          Until{" "}
          <input
            type="datetime-local"
            value={until}
            onChange={(e) => {
              setCursor(undefined);
              setUntil(e.currentTarget.value);
            }}
          />
        </label>
      </fieldset>
      {!data ? (
        <Pending error={error} />
      ) : data.data.length === 0 ? (
        <p>
          No deliveries{status || eventType || since || until ? " match these filters" : " yet"}.
        </p>
      ) : (
        <ul class="deliveries" aria-live="polite">
          {data.data.map((d) => (
            <DeliveryRow
              key={`${d.id}-${d.status}-${d.attemptCount}`}
              delivery={d}
              writable={writable}
              onChanged={reload}
            />
          ))}
        </ul>
      )}
      <div class="actions">
        {cursor && (
          <button type="button" onClick={() => setCursor(undefined)}>
            Newest
          </button>
        )}
        {data?.nextCursor && (
          <button type="button" onClick={() => setCursor(data.nextCursor ?? undefined)}>
            Older
          </button>
        )}
      </div>
    </section>
  );
}
