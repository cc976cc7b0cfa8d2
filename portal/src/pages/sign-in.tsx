import { useState } from "preact/hooks";
import { ApiError, api, type Session } from "../api";
import { describedBy, Field, FormError } from "../components/field";

/** The sign-in page: a key is exchanged for a session cookie and then forgotten. */
export function SignIn({
  notice,
  onSignedIn,
}: {
  notice?: string;
  onSignedIn: (s: Session) => void;
}) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api<Session>("POST", "/portal/session", { apiKey: key });
      setKey("");
      onSignedIn(session);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const apiError = error instanceof ApiError ? error : null;
  return (
    <main class="sign-in" id="main">
      <h1>Herald portal</h1>
      <p class="muted">Webhooks, deliveries and live events of your wallet.</p>
      {notice && (
        <p class="alert info" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} class="card">
        <FormError
          title="Not signed in"
          error={error && !apiError?.forField("apiKey") ? error : null}
        />
        <Field
          id="api-key"
          label="API key"
          name="apiKey"
          error={apiError}
          hint="A wallet key (hwk_…) or the admin key. It is not stored in this browser."
        >
          <input
            {...describedBy("api-key", apiError, "apiKey", true)}
            type="password"
            autoComplete="off"
            required
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
