import { useEffect, useState } from "preact/hooks";
import { api, type Page, qs, type Session } from "../api";
import { Pending, useLoad } from "../components/loading";
import { Pager, useCursorPages } from "../components/pager";
import { followStream, type LiveState, type StreamEvent } from "../live-stream";
import type { LoggedEvent } from "../types";

function EventLog({ walletId }: { walletId?: string }) {
  const [type, setType] = useState("");
  const pages = useCursorPages();
  const { cursor } = pages;
  const { data, error } = useLoad(
    () => api<Page<LoggedEvent>>("GET", `/v1/events${qs({ limit: 25, cursor, type, walletId })}`),
    [cursor, type, walletId],
  );
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Event log</h2>
      <label>
        Type filter{" "}
        <input
          value={type}
          placeholder="openid.credential.*"
          onChange={(e) => {
            pages.reset();
            setType(e.currentTarget.value);
          }}
        />
      </label>
      {!data ? (
        <Pending error={error} />
      ) : data.data.length === 0 ? (
        <p>No events{cursor ? " after this page" : ""}.</p>
      ) : (
        <ul class="events">
          {data.data.map((e) => (
            <li key={e.id}>
              <details>
                <summary>
                  <span class="mono">{e.type}</span> ·{" "}
                  <time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time> ·{" "}
                  <span class="muted mono small">{e.id}</span>
                </summary>
                <pre class="code">{JSON.stringify(e.data, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      <Pager pages={pages} nextCursor={data?.nextCursor} />
    </section>
  );
}

/** A stream event's JSON (the event as GET /v1/events/{id} shows it), or null if it is not. */
function parsed(data: string): LoggedEvent | null {
  try {
    return JSON.parse(data) as LoggedEvent;
  } catch {
    return null;
  }
}

const STATE_TEXT: Record<LiveState, string> = {
  connecting: "Connecting…",
  live: "Live: new events appear here as Herald accepts them",
  reconnecting: "Connection lost; reconnecting and catching up…",
  ended: "The stream ended (signed out?)",
};

function LiveView({ walletId }: { walletId?: string }) {
  const [events, setEvents] = useState<StreamEvent[]>([]);
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const abort = new AbortController();
    setEvents([]);
    // Starts at the log's end: the stream replays only after a Last-Event-ID.
    followStream(
      `/v1/events/stream${qs({ walletId })}`,
      (event) => setEvents((list) => [event, ...list].slice(0, 200)),
      setState,
      abort.signal,
    );
    return () => abort.abort();
  }, [walletId]);
  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">Live</h2>
      <p role="status" class={`live-state live-${state}`}>
        <span aria-hidden="true">{state === "live" ? "● " : "○ "}</span>
        {STATE_TEXT[state]}
      </p>
      {events.length === 0 ? (
        <p class="muted">No new events yet.</p>
      ) : (
        <ul class="events" aria-label="Live events" aria-live="polite">
          {events.map((e) => {
            const event = parsed(e.data);
            return (
              <li key={e.id}>
                <span class="mono">{e.type}</span>
                {event && (
                  <>
                    {" "}
                    ·{" "}
                    <time dateTime={event.createdAt}>
                      {new Date(event.createdAt).toLocaleString()}
                    </time>{" "}
                    · <span class="muted mono small">{event.id}</span>
                  </>
                )}
                <pre class="code small">{event ? JSON.stringify(event.data, null, 2) : e.data}</pre>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** Events: the log with cursor paging, and the Live view. */
export function Events({ session }: { session: Session }) {
  const [tab, setTab] = useState<"log" | "live">("live");
  const [walletId, setWalletId] = useState("");
  const wallet = session.kind === "admin" && walletId.trim() ? walletId.trim() : undefined;
  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title">Events</h1>
      {session.kind === "admin" && (
        <label>
          Wallet id (empty: the default wallet){" "}
          <input value={walletId} onChange={(e) => setWalletId(e.currentTarget.value)} />
        </label>
      )}
      <fieldset class="tabs">
        <legend class="sr-only">View</legend>
        <button type="button" aria-pressed={tab === "live"} onClick={() => setTab("live")}>
          Live
        </button>
        <button type="button" aria-pressed={tab === "log"} onClick={() => setTab("log")}>
          Log
        </button>
      </fieldset>
      {tab === "live" ? <LiveView walletId={wallet} /> : <EventLog walletId={wallet} />}
    </section>
  );
}
