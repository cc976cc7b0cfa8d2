import { useState } from "preact/hooks";
import { api, type Page, qs } from "../api";
import { Pending, useLoad } from "../components/loading";
import { DELIVERY_STATUSES, type Delivery } from "../types";
import { DeliveryRow } from "./delivery-row";

/** A local datetime-local value as an ISO instant, or undefined. */
export function isoFromLocal(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
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
