import type { Principal } from "../app-env";
import type { Database } from "../db/client";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { eventView } from "../domain/event-contract/event-view";
import { HeraldError, notFound } from "../errors/herald-error";
import {
  deliveriesOfLoggedEvent,
  eventsAfter,
  findPositionedEvent,
} from "../repositories/event-log";
import { queuedFromRow } from "../repositories/events";
import { deliveryView } from "./delivery-log";
import { requestWallet } from "./request-wallet";

/** What the event log needs: D1, and the wallets' stream objects. */
export interface EventLogDeps {
  db: Database;
  streams: Env["WALLET_STREAM"];
}

// A position is a rowid: a non-negative integer that JSON and JavaScript hold exactly.
const POSITION = /^(0|[1-9][0-9]{0,14})$/;

/** The wallet a read is about (requestWallet: unnamed, the admin reads the default wallet). */
function walletOf(deps: EventLogDeps, principal: Principal, requested: string | undefined) {
  return requestWallet(deps.db, principal, {
    named: requested,
    field: "walletId",
    whenUnnamed: "default-wallet",
  });
}

/** The log position inside a cursor Herald issued; 0 (the log's start) without one. */
function positionOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const key = decodeCursor(cursor);
  if (key === null || !POSITION.test(key))
    throw new HeraldError("bad_request", "The cursor is not valid");
  return Number(key);
}

/**
 * A page of the wallet's event log in storage order. `nextCursor` is always set: after the
 * page's last event, or the same position when the page is empty, so a poller keeps asking
 * with it and sees every event stored later, none twice.
 */
export async function pageEventLog(
  deps: EventLogDeps,
  principal: Principal,
  query: { limit: number; cursor?: string; type?: string; walletId?: string },
) {
  const after = positionOf(query.cursor);
  const scope = await walletOf(deps, principal, query.walletId);
  const rows = await eventsAfter(deps.db, scope, after, query.limit, query.type ?? null);
  return {
    data: rows.map((row) => eventView(queuedFromRow(row))),
    nextCursor: encodeCursor(String(rows.at(-1)?.position ?? after)),
  };
}

/** One of the wallet's events with its deliveries (as the webhook objects last mirrored them to D1). */
export async function eventWithDeliveries(
  deps: EventLogDeps,
  principal: Principal,
  id: string,
  walletId?: string,
) {
  const scope = await walletOf(deps, principal, walletId);
  const row = await findPositionedEvent(deps.db, scope, id);
  if (!row) throw notFound("Event");
  // A tenant sees its own webhooks' deliveries; the global webhooks are the operator's business.
  const seen = principal.kind === "admin" ? "all" : "own";
  const deliveries = await deliveriesOfLoggedEvent(deps.db, scope, id, seen);
  return { ...eventView(queuedFromRow(row)), deliveries: deliveries.map(deliveryView) };
}

/** Parses a Last-Event-ID (a log position); the header wins over the query parameter, as EventSource resends the header. */
export function lastEventIdOf(
  header: string | undefined,
  query: string | undefined,
): number | null {
  const raw = (header ?? query)?.trim();
  if (raw === undefined || raw === "") return null;
  if (!POSITION.test(raw))
    throw new HeraldError("bad_request", "Last-Event-ID must be an id this stream sent");
  return Number(raw);
}

/** Opens the wallet's live stream on its object: the backlog after `lastEventId` from the log, then live events. */
export async function openEventStream(
  deps: EventLogDeps,
  principal: Principal,
  query: { type?: string; walletId?: string; lastEventId: number | null },
): Promise<ReadableStream<Uint8Array>> {
  const { walletId } = await walletOf(deps, principal, query.walletId);
  const stub = deps.streams.get(deps.streams.idFromName(walletId));
  const stream = await stub.open(walletId, {
    type: query.type ?? null,
    lastEventId: query.lastEventId,
  });
  if (!stream)
    throw new HeraldError(
      "rate_limited",
      "The wallet has as many open streams as its streamListeners limit allows; close one or poll GET /v1/events",
      { headers: { "retry-after": "30" } },
    );
  return stream;
}
