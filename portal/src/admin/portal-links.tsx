import { useState } from "preact/hooks";
import { ApiError, allPages, api } from "../api";
import { describedBy, Field, FormError } from "../components/field";
import { useLoad } from "../components/loading";
import type { Wallet } from "../types";

/** Admin: makes a one-time portal link for a wallet (POST /v1/portal-links). */
export function PortalLinks() {
  const wallets = useLoad(() => allPages<Wallet>("/v1/wallets"), []);
  const [walletId, setWalletId] = useState("");
  const [readOnly, setReadOnly] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const apiError = error instanceof ApiError ? error : null;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setLink(null);
    try {
      setLink(await api("POST", "/v1/portal-links", { walletId, readOnly }));
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <section aria-labelledby="links-title">
      <h1 id="links-title">Portal links</h1>
      <p class="muted">A link opens the portal for one wallet, once, within 15 minutes.</p>
      <form class="card form" onSubmit={submit} noValidate>
        <FormError error={error} />
        <Field id="l-wallet" label="Wallet" name="walletId" error={apiError}>
          <select
            {...describedBy("l-wallet", apiError, "walletId")}
            value={walletId}
            onChange={(e) => setWalletId(e.currentTarget.value)}
          >
            <option value="">Choose a wallet…</option>
            {(wallets.data ?? []).map((w) => (
              <option key={w.id} value={w.id}>
                {w.name} ({w.id.slice(0, 8)}…)
              </option>
            ))}
          </select>
        </Field>
        <label class="check">
          <input
            type="checkbox"
            checked={readOnly}
            onChange={(e) => setReadOnly(e.currentTarget.checked)}
          />{" "}
          Read-only
        </label>
        <button type="submit" class="primary">
          Create link
        </button>
      </form>
      {link && (
        <div class="alert info" role="status">
          <p>Link (valid until {new Date(link.expiresAt).toLocaleString()}, opens once):</p>
          <code class="secret">{link.url}</code>
        </div>
      )}
    </section>
  );
}
