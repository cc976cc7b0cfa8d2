import { useMemo, useState } from "preact/hooks";
import type { EventType } from "../types";

/** Every `prefix.*` wildcard the catalog's names allow (`openid.*`, `openid.credential.*`). */
function wildcards(names: string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    const parts = name.split(".");
    for (let i = 1; i < parts.length; i++) out.add(`${parts.slice(0, i).join(".")}.*`);
  }
  return [...out].sort();
}

/**
 * Picks event types from the catalog, with search and wildcards, into the list that the
 * Event types field holds (the field stays the source of truth and can be typed into).
 */
export function EventTypePicker({
  catalog,
  selected,
  onChange,
}: {
  catalog: EventType[];
  selected: string[];
  onChange: (next: string[]) => void;
}) {
  const [query, setQuery] = useState("");
  const options = useMemo(() => {
    const names = catalog.map((t) => t.name);
    return [...wildcards(names), ...names];
  }, [catalog]);
  const q = query.trim().toLowerCase();
  const shown = options.filter((name) => !q || name.toLowerCase().includes(q)).slice(0, 40);
  const toggle = (name: string) =>
    onChange(selected.includes(name) ? selected.filter((n) => n !== name) : [...selected, name]);
  return (
    <details class="picker">
      <summary>Pick from the catalog</summary>
      <label for="type-search">Search event types</label>
      <input
        id="type-search"
        type="search"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <fieldset>
        <legend class="sr-only">Catalog event types</legend>
        <ul class="checks">
          {shown.map((name) => (
            <li key={name}>
              <label>
                <input
                  type="checkbox"
                  checked={selected.includes(name)}
                  onChange={() => toggle(name)}
                />{" "}
                <span class="mono">{name}</span>
                {name.endsWith(".*") && <span class="muted small"> (wildcard)</span>}
              </label>
            </li>
          ))}
        </ul>
        {shown.length === 40 && <p class="muted small">Showing the first 40; refine the search.</p>}
      </fieldset>
    </details>
  );
}
