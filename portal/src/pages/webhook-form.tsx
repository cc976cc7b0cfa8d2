import { useEffect, useState } from "preact/hooks";
import { ApiError, api, type Session } from "../api";
import { EventTypePicker } from "../components/event-type-picker";
import { describedBy, Field, FormError } from "../components/field";
import { Pending, useLoad } from "../components/loading";
import { href, navigate } from "../router";
import { type EventType, FORMATS, type Webhook } from "../types";
import { changedFields, type FormState, fromWebhook, list, toBody } from "./webhook-form-state";

function WebhookForm({
  id,
  initial,
  session,
  creating,
  onSaved,
}: {
  id?: string;
  initial: FormState;
  session: Session;
  creating: boolean;
  onSaved: (hook: Webhook) => void;
}) {
  const [f, setF] = useState(initial);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const catalog = useLoad(() => api<{ data: EventType[] }>("GET", "/v1/event-types"), []);
  const set = (key: keyof FormState) => (e: { currentTarget: { value: string } }) =>
    setF({ ...f, [key]: e.currentTarget.value });
  const apiError = error instanceof ApiError ? error : null;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = creating
        ? toBody(f, true, session.kind === "admin")
        : changedFields(toBody(initial, false, false), toBody(f, false, false));
      onSaved(
        await (creating
          ? api<Webhook>("POST", "/v1/webhooks", body)
          : api<Webhook>("PATCH", `/v1/webhooks/${id}`, body)),
      );
    } catch (err) {
      setError(err as Error);
      document.getElementById("form-error")?.focus();
    } finally {
      setBusy(false);
    }
  };
  const text = (
    key: keyof FormState,
    label: string,
    name: string,
    hint?: string,
    type: "text" | "url" | "number" | "password" = "text",
  ) => (
    <Field id={`f-${key}`} label={label} name={name} error={apiError} hint={hint}>
      <input
        {...describedBy(`f-${key}`, apiError, name, !!hint)}
        type={type as "text"}
        value={f[key]}
        onInput={set(key)}
      />
    </Field>
  );
  return (
    <form onSubmit={submit} class="card form" noValidate>
      <div id="form-error" tabIndex={-1}>
        <FormError error={error} />
      </div>
      {text("url", "URL", "url", "Where deliveries are POSTed (https)", "url")}
      {text("description", "Description", "description")}
      <Field
        id="f-eventTypes"
        label="Event types"
        name="eventTypes"
        error={apiError}
        hint="Comma-separated names or prefix.* wildcards; empty receives every type"
      >
        <input
          {...describedBy("f-eventTypes", apiError, "eventTypes", true)}
          value={f.eventTypes}
          onInput={set("eventTypes")}
        />
      </Field>
      {catalog.data && (
        <EventTypePicker
          catalog={catalog.data.data}
          selected={list(f.eventTypes)}
          onChange={(next) => setF({ ...f, eventTypes: next.join(", ") })}
        />
      )}
      {text("channels", "Channels", "channels", "Comma-separated; empty receives every channel")}
      <Field id="f-format" label="Format" name="format" error={apiError}>
        <select
          {...describedBy("f-format", apiError, "format")}
          value={f.format}
          onChange={set("format")}
        >
          {FORMATS.map((fmt) => (
            <option key={fmt} value={fmt}>
              {fmt}
            </option>
          ))}
        </select>
      </Field>
      <Field id="f-retryPreset" label="Retry" name="retry" error={apiError}>
        <select
          {...describedBy("f-retryPreset", apiError, "retry")}
          value={f.retryPreset}
          onChange={set("retryPreset")}
        >
          <option value="standard">standard (Herald's schedule)</option>
          <option value="identus">identus</option>
          <option value="none">none</option>
          <option value="schedule">custom schedule</option>
        </select>
      </Field>
      {f.retryPreset === "schedule" &&
        text(
          "retrySchedule",
          "Retry schedule",
          "retry.schedule",
          "Delays in seconds after each failed attempt, comma-separated",
        )}
      <Field id="f-ordering" label="Ordering" name="ordering" error={apiError}>
        <select
          {...describedBy("f-ordering", apiError, "ordering")}
          value={f.ordering}
          onChange={set("ordering")}
        >
          <option value="fifo">fifo (in order, one at a time)</option>
          <option value="unordered">unordered (parallel)</option>
        </select>
      </Field>
      {f.ordering === "unordered" &&
        text("maxInFlight", "Max in flight", "maxInFlight", "1 to 6", "number")}
      <Field
        id="f-customHeaders"
        label="Custom headers"
        name="customHeaders"
        error={apiError}
        hint="One per line: Name: value"
      >
        <textarea
          {...describedBy("f-customHeaders", apiError, "customHeaders", true)}
          rows={3}
          value={f.customHeaders}
          onInput={set("customHeaders")}
        />
      </Field>
      {text(
        "bearerToken",
        "Bearer token",
        "bearerToken",
        creating ? "Sent as Authorization: Bearer" : "Leave empty to keep the stored one",
        "password",
      )}
      {text(
        "apiKey",
        "Receiver API key",
        "apiKey",
        creating ? "Sent as X-API-Key" : "Leave empty to keep the stored one",
        "password",
      )}
      {text(
        "rateLimitPerSecond",
        "Rate limit per second",
        "rateLimitPerSecond",
        "Empty for no limit",
        "number",
      )}
      {text("timeoutMs", "Timeout (ms)", "timeoutMs", "1000 to 30000", "number")}
      {creating &&
        session.kind === "admin" &&
        text(
          "walletId",
          "Wallet id",
          "walletId",
          "Empty for a global webhook (every wallet's events)",
        )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {creating ? "Create webhook" : "Save"}
        </button>
        <a href={href("/webhooks")}>Cancel</a>
      </div>
    </form>
  );
}

/** Creating a webhook; the secret is shown once on its page. */
export function WebhookNew({ session }: { session: Session }) {
  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title">Create webhook</h1>
      <WebhookForm
        initial={fromWebhook()}
        session={session}
        creating
        onSaved={(hook) => navigate(`/webhooks/${hook.id}`)}
      />
    </section>
  );
}

/** Editing a webhook. */
export function WebhookEdit({ id, session }: { id: string; session: Session }) {
  const { data, error } = useLoad(() => api<Webhook>("GET", `/v1/webhooks/${id}`), [id]);
  useEffect(() => {
    document.title = "Edit webhook · Herald portal";
  }, []);
  return (
    <section aria-labelledby="edit-title">
      <h1 id="edit-title">Edit webhook</h1>
      {!data ? (
        <Pending error={error} />
      ) : (
        <WebhookForm
          id={id}
          initial={fromWebhook(data)}
          session={session}
          creating={false}
          onSaved={() => navigate(`/webhooks/${id}`)}
        />
      )}
    </section>
  );
}
