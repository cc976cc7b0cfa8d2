import { useCallback, useEffect, useState } from "preact/hooks";

/** Loads data with a function; reload() runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    load().then(
      (value) => live && setData(value),
      (err: Error) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload, setData };
}

/** What a loading or failed view shows. */
export function Pending({ error }: { error: Error | null }) {
  if (error)
    return (
      <p class="alert error" role="alert">
        Could not load: {error.message}
      </p>
    );
  return (
    <p class="muted" role="status">
      Loading…
    </p>
  );
}
