import { useState } from "preact/hooks";
import { ApiError, api } from "../api";
import { describedBy, Field, FormError } from "../components/field";
import { useLoad } from "../components/loading";
import type { EventType } from "../types";
import { isoFromLocal } from "./deliveries";

/** Send test event: a catalog type with its example as editable JSON. */
export function TestEventForm({ webhookId, onSent }: { webhookId: string; onSent: () => void }) {
  const catalog = useLoad(() => api<{ data: EventType[] }>("GET", "/v1/event-types"), []);
  const [type, setType] = useState("");
  const [json, setJson] = useState("");
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [sent, setSent] = useState("");
  const types = catalog.data?.data ?? [];
  const pick = (name: string) => {
    setType(name);
    const example = types.find((t) => t.name === name)?.example ?? {};
    setJson(JSON.stringify(example, null, 2));
  };
  const apiError = error instanceof ApiError ? error : null;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSent("");
    let data: unknown;
    try {
      data = json.trim() ? JSON.parse(json) : undefined;
    } catch (err) {
      setError(
        new ApiError(400, "The data is not valid JSON", [
          { path: "data", message: String((err as Error).message) },
        ]),
      );
      return;
    }
    try {
      const res = await api<{ eventId: string }>("POST", `/v1/webhooks/${webhookId}/test`, {
        eventType: type,
        data,
      });
      setSent(`Test event ${res.eventId} sent.`);
      onSent();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="test-title" noValidate>
      <h2 id="test-title">Send a test event</h2>
      <FormError title="Not sent" error={error} />
      <Field id="t-type" label="Event type" name="eventType" error={apiError}>
        <select
          {...describedBy("t-type", apiError, "eventType")}
          value={type}
          onChange={(e) => pick(e.currentTarget.value)}
        >
          <option value="">Choose a type…</option>
          {types.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id="t-data"
        label="Data (JSON)"
        name="data"
        error={apiError}
        hint="The catalog's example; edit it freely"
      >
        <textarea
          {...describedBy("t-data", apiError, "data", true)}
          class="mono"
          rows={8}
          value={json}
          onInput={(e) => setJson(e.currentTarget.value)}
        />
      </Field>
      <button type="submit" class="primary">
        Send test event
      </button>
      {sent && (
        <p role="status" class="alert info">
          {sent}
        </p>
      )}
    </form>
  );
}

/** Recover: re-send every failed delivery since a time. */
export function RecoverForm({
  webhookId,
  onRecovered,
}: {
  webhookId: string;
  onRecovered: () => void;
}) {
  const [since, setSince] = useState("");
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [done, setDone] = useState("");
  const apiError = error instanceof ApiError ? error : null;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone("");
    try {
      const res = await api<{ recovered: number }>("POST", `/v1/webhooks/${webhookId}/recover`, {
        since: isoFromLocal(since) ?? since,
      });
      setDone(`${res.recovered} failed deliver${res.recovered === 1 ? "y" : "ies"} queued again.`);
      onRecovered();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="recover-title" noValidate>
      <h2 id="recover-title">Recover failed deliveries</h2>
      <FormError title="Nothing recovered" error={error} />
      <Field
        id="r-since"
        label="Failed since"
        name="since"
        error={apiError}
        hint="At most 14 days back"
      >
        <input
          {...describedBy("r-since", apiError, "since", true)}
          type="datetime-local"
          value={since}
          onInput={(e) => setSince(e.currentTarget.value)}
        />
      </Field>
      <button type="submit">Recover</button>
      {done && (
        <p role="status" class="alert info">
          {done}
        </p>
      )}
    </form>
  );
}
