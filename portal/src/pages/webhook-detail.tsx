import { useState } from "preact/hooks";
import { ApiError, api, type Session } from "../api";
import { ConfirmButton } from "../components/confirm-button";
import { Pending, useLoad } from "../components/loading";
import { StatusBadge } from "../components/status";
import { href, navigate } from "../router";
import type { Webhook } from "../types";
import { Deliveries } from "./deliveries";
import { RecoverForm, TestEventForm } from "./operations";
import { SecretPanel } from "./secret-panel";

function retryText(hook: Webhook): string {
  return "schedule" in hook.retry
    ? `schedule ${hook.retry.schedule.join(", ")} s`
    : hook.retry.preset;
}

/** One webhook: settings, actions, secret, test event, recovery and deliveries. */
export function WebhookDetail({ id, session }: { id: string; session: Session }) {
  const {
    data: hook,
    error,
    setData,
  } = useLoad(() => api<Webhook>("GET", `/v1/webhooks/${id}`), [id]);
  const [refresh, setRefresh] = useState(0);
  const [message, setMessage] = useState("");
  const writable = !session.readOnly;
  if (!hook) return <Pending error={error} />;
  const setEnabled = async (enabled: boolean) => {
    try {
      setData(await api<Webhook>("PATCH", `/v1/webhooks/${id}`, { enabled }));
      setMessage(enabled ? "Webhook enabled." : "Webhook disabled.");
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail : String(err));
    }
  };
  const remove = async () => {
    await api("DELETE", `/v1/webhooks/${id}`);
    navigate("/webhooks");
  };
  const bump = () => setRefresh((n) => n + 1);
  return (
    <section aria-labelledby="hook-title">
      <p>
        <a href={href("/webhooks")}>← Webhooks</a>
      </p>
      <h1 id="hook-title" class="break">
        {hook.url}
      </h1>
      <p>
        <StatusBadge status={hook.enabled ? "enabled" : "disabled"} />{" "}
        {hook.disabledReason && <span class="muted">Disabled: {hook.disabledReason}</span>}
      </p>
      {message && (
        <p role="status" class="alert info">
          {message}
        </p>
      )}
      <dl class="facts">
        <dt>Description</dt>
        <dd>{hook.description || "–"}</dd>
        <dt>Event types</dt>
        <dd class="mono">{hook.eventTypes.length ? hook.eventTypes.join(", ") : "all"}</dd>
        <dt>Channels</dt>
        <dd>{hook.channels.length ? hook.channels.join(", ") : "all"}</dd>
        <dt>Format</dt>
        <dd>{hook.format}</dd>
        <dt>Retry</dt>
        <dd>{retryText(hook)}</dd>
        <dt>Ordering</dt>
        <dd>
          {hook.ordering}
          {hook.ordering === "unordered" && `, ${hook.maxInFlight} in flight`}
        </dd>
        <dt>Rate limit</dt>
        <dd>{hook.rateLimitPerSecond ? `${hook.rateLimitPerSecond}/s` : "none"}</dd>
        <dt>Timeout</dt>
        <dd>{hook.timeoutMs} ms</dd>
        <dt>Id</dt>
        <dd class="mono">{hook.id}</dd>
      </dl>
      {writable && (
        <div class="actions">
          <a class="button" href={href(`/webhooks/${id}/edit`)}>
            Edit
          </a>
          <button type="button" onClick={() => setEnabled(!hook.enabled)}>
            {hook.enabled ? "Disable" : "Enable"}
          </button>
          <ConfirmButton
            label="Delete"
            question="Delete this webhook and its delivery log?"
            onConfirm={remove}
          />
        </div>
      )}
      <SecretPanel id={id} writable={writable} />
      {writable && (
        <div class="two">
          <TestEventForm webhookId={id} onSent={bump} />
          <RecoverForm webhookId={id} onRecovered={bump} />
        </div>
      )}
      <Deliveries webhookId={id} writable={writable} refresh={refresh} />
    </section>
  );
}
