import { useState } from "preact/hooks";
import { api } from "../api";
import { ConfirmButton } from "../components/confirm-button";

/** How a receiver verifies a delivery with the standardwebhooks library, for this secret. */
function snippet(secret: string): string {
  return `import { Webhook } from "standardwebhooks";

const wh = new Webhook("${secret}");

// In your HTTP handler, with the raw request body (a string):
const event = wh.verify(rawBody, {
  "webhook-id": req.headers["webhook-id"],
  "webhook-timestamp": req.headers["webhook-timestamp"],
  "webhook-signature": req.headers["webhook-signature"],
}); // throws if the signature or timestamp is wrong`;
}

/** Reveal and rotate a webhook's signing secret, with the verification snippet. */
export function SecretPanel({
  id,
  writable,
  initial,
}: {
  id: string;
  writable: boolean;
  initial?: string;
}) {
  const [secret, setSecret] = useState<string | null>(initial ?? null);
  const [message, setMessage] = useState("");
  const reveal = async () =>
    setSecret((await api<{ secret: string }>("GET", `/v1/webhooks/${id}/secret`)).secret);
  const rotate = async () => {
    const res = await api<{ secret: string }>("POST", `/v1/webhooks/${id}/secret/rotate`, {});
    setSecret(res.secret);
    setMessage(
      "Secret rotated. Deliveries carry a second signature with the old secret for 24 h: update your receiver within that time.",
    );
  };
  return (
    <section aria-labelledby="secret-title" class="card">
      <h2 id="secret-title">Signing secret</h2>
      {secret ? (
        <>
          <p>
            Secret: <code class="secret">{secret}</code>
          </p>
          <details>
            <summary>Verify a delivery with standardwebhooks</summary>
            <pre class="code">
              <code>{snippet(secret)}</code>
            </pre>
          </details>
        </>
      ) : (
        <button type="button" onClick={reveal}>
          Reveal secret
        </button>
      )}
      {writable && (
        <ConfirmButton
          label="Rotate secret"
          question="Rotate the signing secret?"
          onConfirm={rotate}
        />
      )}
      {message && (
        <p role="status" class="alert info">
          {message}
        </p>
      )}
    </section>
  );
}
