import { matchesEventType } from "../../../src/domain/event-type-pattern";
import { FORMATS, type Format, isFormat } from "../../../src/domain/formats";
import { noMorePositionals, parseCommand } from "../args.ts";
import { contextOf, requireKey } from "../context.ts";
import { EXIT, usageError } from "../errors.ts";
import { liveEvents } from "../listen/event-stream.ts";
import { type Forwarded, forwardEvent } from "../listen/forward.ts";
import { note, paint, say } from "../output.ts";
import { listenSecret } from "../profile.ts";

/**
 * `herald listen --forward-to URL [--events 'openid.*'] [--format …]`: the wallet's live events,
 * forwarded one at a time, in order, to a local receiver, signed with the profile's session secret.
 */
export async function listen(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    "forward-to": { type: "string" },
    events: { type: "string" },
    format: { type: "string", default: "standard" },
  });
  noMorePositionals(positionals, 0);
  const forwardTo = values["forward-to"];
  if (!forwardTo) throw usageError("herald listen needs --forward-to http://localhost:3000/hooks");
  if (!/^https?:\/\/[^\s]+$/.test(forwardTo) || !URL.canParse(forwardTo))
    throw usageError(`--forward-to must be an http(s) URL, not "${forwardTo}"`);
  const format = values.format;
  if (!isFormat(format)) throw usageError(`--format must be one of ${FORMATS.join(", ")}`);
  const patterns = (values.events ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const ctx = contextOf(values);
  requireKey(ctx);
  const secret = listenSecret();

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const events = liveEvents(ctx, {
      // One pattern is filtered by Herald; several are filtered here.
      type: patterns.length === 1 ? patterns[0]! : null,
      signal: stop.signal,
      onNotice: (line) => note(paint.yellow(`herald: ${line}`)),
      onOpen: () => ready(ctx.json, { forwardTo, format, patterns, secret }),
    });
    for await (const { position, event } of events) {
      if (!matchesEventType(patterns, event.type)) continue;
      const result = await forwardEvent(event, { url: forwardTo, format, secret }, stop.signal);
      if (stop.signal.aborted) break;
      report(ctx.json, position, event, result, forwardTo);
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (!ctx.json) note("Stopped.");
  return EXIT.ok;
}

function ready(
  json: boolean,
  info: { forwardTo: string; format: Format; patterns: string[]; secret: string },
): void {
  if (json) {
    say(JSON.stringify({ ready: true, ...info }));
    return;
  }
  const which = info.patterns.length ? info.patterns.join(", ") : "all events";
  say(`Ready. Forwarding ${which} to ${info.forwardTo} (format ${info.format}). Ctrl-C to stop.`);
  say(`Session secret (stable for this profile): ${paint.bold(info.secret)}`);
}

function report(
  json: boolean,
  position: number,
  event: { id: string; type: string },
  result: Forwarded,
  forwardTo: string,
): void {
  const time = new Date().toISOString();
  if (json) {
    say(JSON.stringify({ time, position, type: event.type, id: event.id, ...result }));
    return;
  }
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  const outcome =
    result.status !== null
      ? (ok ? paint.green : paint.red)(String(result.status))
      : paint.red(
          result.error === "ECONNREFUSED"
            ? `connection refused: is your receiver running at ${forwardTo}?`
            : `failed: ${result.error}`,
        );
  say(`${time.slice(11, 19)}  ${event.type}  ${event.id}  -> ${outcome}  ${result.durationMs} ms`);
}
