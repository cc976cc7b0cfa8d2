import { useState } from "preact/hooks";
import { ApiError, allPages, api } from "../api";
import { ConfirmButton } from "../components/confirm-button";
import { describedBy, Field, FormError } from "../components/field";
import { Pending, useLoad } from "../components/loading";
import type { Wallet } from "../types";

interface ApiKey {
  id: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A key shown once, right after it was made. */
function ShownOnce({ apiKey }: { apiKey: string }) {
  return (
    <p class="alert info" role="status">
      New API key, shown once (Herald keeps only its hash): <code class="secret">{apiKey}</code>
    </p>
  );
}

function Keys({ wallet }: { wallet: Wallet }) {
  const { data, error, reload } = useLoad(
    () => api<{ data: ApiKey[] }>("GET", `/v1/wallets/${wallet.id}/api-keys`),
    [wallet.id],
  );
  const [issued, setIssued] = useState("");
  const issue = async () => {
    setIssued((await api<{ apiKey: string }>("POST", `/v1/wallets/${wallet.id}/api-keys`)).apiKey);
    reload();
  };
  const revoke = async (keyId: string) => {
    await api("DELETE", `/v1/wallets/${wallet.id}/api-keys/${keyId}`);
    reload();
  };
  if (!data) return <Pending error={error} />;
  return (
    <div>
      {issued && <ShownOnce apiKey={issued} />}
      <ul class="keys">
        {data.data.map((k) => (
          <li key={k.id}>
            <span class="mono">{k.prefix}…</span> · created {new Date(k.createdAt).toLocaleString()}{" "}
            {k.revokedAt ? (
              <span class="badge badge-disabled">revoked</span>
            ) : (
              <ConfirmButton
                label="Revoke"
                question={`Revoke key ${k.prefix}…?`}
                onConfirm={() => revoke(k.id)}
              />
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={issue}>
        Issue key
      </button>
    </div>
  );
}

/** Admin: wallets, each with its keys; create (key shown once) and delete. */
export function Wallets() {
  const { data, error, reload } = useLoad(() => allPages<Wallet>("/v1/wallets"), []);
  const [name, setName] = useState("");
  const [formError, setFormError] = useState<ApiError | Error | null>(null);
  const [created, setCreated] = useState<{ name: string; apiKey: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const apiError = formError instanceof ApiError ? formError : null;
  const create = async (e: Event) => {
    e.preventDefault();
    setFormError(null);
    try {
      const wallet = await api<Wallet & { apiKey: string }>("POST", "/v1/wallets", { name });
      setCreated({ name: wallet.name, apiKey: wallet.apiKey });
      setName("");
      reload();
    } catch (err) {
      setFormError(err as Error);
    }
  };
  return (
    <section aria-labelledby="wallets-title">
      <h1 id="wallets-title">Wallets</h1>
      <form class="card form" onSubmit={create} noValidate>
        <h2>New wallet</h2>
        <FormError error={formError} />
        <Field id="w-name" label="Name" name="name" error={apiError}>
          <input
            {...describedBy("w-name", apiError, "name")}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="primary">
          Create wallet
        </button>
      </form>
      {created && <ShownOnce apiKey={created.apiKey} />}
      {!data ? (
        <Pending error={error} />
      ) : (
        <ul class="wallets">
          {data.map((w) => (
            <li key={w.id} class="card">
              <div class="title-row">
                <div>
                  <strong>{w.name}</strong> <span class="mono small muted">{w.id}</span>
                </div>
                <div class="actions">
                  <button
                    type="button"
                    aria-expanded={open === w.id}
                    onClick={() => setOpen(open === w.id ? null : w.id)}
                  >
                    Keys
                  </button>
                  <ConfirmButton
                    label="Delete"
                    question={`Delete wallet ${w.name} with its keys, webhooks and events?`}
                    onConfirm={async () => {
                      await api("DELETE", `/v1/wallets/${w.id}`);
                      reload();
                    }}
                  />
                </div>
              </div>
              {open === w.id && <Keys wallet={w} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
