import { closestNames } from "../../../src/domain/event-catalog/closest-names";
import { noMorePositionals, parseCommand, positional } from "../args.ts";
import { contextOf } from "../context.ts";
import { readDataFlag } from "../data-file.ts";
import { CliError, EXIT } from "../errors.ts";
import { heraldFetch, heraldJson, problemError } from "../http.ts";
import { printJson, say } from "../output.ts";

interface CatalogEntry {
  name: string;
  example: Record<string, unknown> | null;
}

/** `herald trigger <type> [--data @file.json]`: posts the catalog example (or the data) as an event. */
export async function trigger(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { data: { type: "string" } });
  const type = positional(positionals, 0, "event type (herald trigger <type>)");
  noMorePositionals(positionals, 1);
  const ctx = contextOf(values);
  // Read before any request: a bad file is the user's to fix, whatever Herald would say.
  const given = values.data === undefined ? undefined : readDataFlag(values.data);
  const res = await heraldFetch(ctx, `/v1/event-types/${encodeURIComponent(type)}`);
  if (res.status === 404) {
    await res.body?.cancel();
    const catalog = await heraldJson<{ data: CatalogEntry[] }>(
      ctx,
      "reading the catalog",
      "/v1/event-types",
    );
    const near = closestNames(
      type,
      catalog.data.map((e) => e.name),
    );
    throw new CliError(`unknown event type "${type}" (did you mean ${near.join(", ")}?)`);
  }
  if (!res.ok) throw await problemError(res, "reading the catalog");
  const entry = (await res.json()) as CatalogEntry;
  const data = given ?? entry.example ?? {};
  const { id } = await heraldJson<{ id: string }>(ctx, "posting the event", "/v1/events", {
    method: "POST",
    body: JSON.stringify({ type: entry.name, data }),
  });
  if (ctx.json) printJson({ id, type: entry.name });
  else say(id);
  return EXIT.ok;
}
