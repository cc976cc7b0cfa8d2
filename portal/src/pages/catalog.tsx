import { useState } from "preact/hooks";
import { api, type Session } from "../api";
import { Pending, useLoad } from "../components/loading";
import type { EventType } from "../types";

/** The event catalog: every type with description, source, JSON Schema and example. */
export function Catalog(_: { session: Session }) {
  const { data, error } = useLoad(() => api<{ data: EventType[] }>("GET", "/v1/event-types"), []);
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = (data?.data ?? []).filter(
    (t) =>
      !q ||
      t.name.toLowerCase().includes(q) ||
      t.description.toLowerCase().includes(q) ||
      t.source.includes(q),
  );
  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">Event catalog</h1>
      <label>
        Search the catalog{" "}
        <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
      </label>
      {!data ? (
        <Pending error={error} />
      ) : (
        <>
          <p class="muted" role="status">
            {shown.length} of {data.data.length} types
          </p>
          <ul class="catalog">
            {shown.map((t) => (
              <li key={t.name}>
                <details>
                  <summary>
                    <span class="mono">{t.name}</span> <span class="badge">{t.source}</span>
                    {t.deprecated && <span class="badge">deprecated</span>}
                    <div class="small">{t.description}</div>
                  </summary>
                  <div class="two">
                    <div>
                      <h3>JSON Schema</h3>
                      <pre class="code small">
                        {t.schema ? JSON.stringify(t.schema, null, 2) : "none"}
                      </pre>
                    </div>
                    <div>
                      <h3>Example</h3>
                      <pre class="code small">
                        {t.example ? JSON.stringify(t.example, null, 2) : "none"}
                      </pre>
                    </div>
                  </div>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
