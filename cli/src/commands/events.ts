import { call, heraldClient } from "../api.ts";
import { intFlag, noMorePositionals, parseCommand, positional } from "../args.ts";
import { contextOf, requireKey } from "../context.ts";
import { EXIT, usageError } from "../errors.ts";
import { liveEvents } from "../listen/event-stream.ts";
import { note, paint, printJson, printTable, say } from "../output.ts";

const USAGE = "herald events list | get <eventId> | tail [--type 'openid.*']";

/** `herald events …`: the event log (typed client), and `tail`, the live stream printed line by line. */
export async function events(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  const { values, positionals } = parseCommand(rest, {
    type: { type: "string" },
    limit: { type: "string" },
    cursor: { type: "string" },
  });
  const ctx = contextOf(values);
  switch (verb) {
    case "list": {
      noMorePositionals(positionals, 0);
      const query = {
        limit: intFlag(values.limit, "limit", 50, 1, 100),
        ...(values.cursor ? { cursor: values.cursor } : {}),
        ...(values.type ? { type: values.type } : {}),
      };
      const page = await call(
        ctx,
        "listing events",
        heraldClient(ctx).GET("/v1/events", { params: { query } }),
      );
      if (ctx.json) printJson(page);
      else {
        printTable(
          ["ID", "TYPE", "CREATED"],
          page.data.map((e) => [e.id, e.type, e.createdAt]),
        );
        // The log's cursor is always returned: polling with it later yields what came since.
        say(`next: --cursor ${page.nextCursor}`);
      }
      return EXIT.ok;
    }
    case "get": {
      const id = positional(positionals, 0, "event id (herald events get <eventId>)");
      noMorePositionals(positionals, 1);
      const event = await call(
        ctx,
        "reading the event",
        heraldClient(ctx).GET("/v1/events/{id}", { params: { path: { id } } }),
      );
      printJson(event);
      return EXIT.ok;
    }
    case "tail": {
      noMorePositionals(positionals, 0);
      requireKey(ctx);
      // SSE is a stream, not a JSON answer: read with fetch, as `herald listen` does.
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        const stream = liveEvents(ctx, {
          type: values.type ?? null,
          signal: stop.signal,
          onNotice: (line) => note(paint.yellow(`herald: ${line}`)),
          onOpen: () =>
            note(
              `Tailing the live stream${values.type ? ` (${values.type})` : ""}. Ctrl-C to stop.`,
            ),
        });
        for await (const { position, event } of stream) {
          if (ctx.json) say(JSON.stringify({ position, ...event }));
          else say(`${event.createdAt}  ${event.type}  ${event.id}  ${JSON.stringify(event.data)}`);
        }
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      return EXIT.ok;
    }
    default:
      throw usageError(
        verb ? `unknown subcommand "${verb}": ${USAGE}` : `missing subcommand: ${USAGE}`,
      );
  }
}
