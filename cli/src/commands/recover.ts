import { call, heraldClient } from "../api.ts";
import { noMorePositionals, parseCommand, positional } from "../args.ts";
import { contextOf } from "../context.ts";
import { sinceFlag } from "../duration.ts";
import { EXIT } from "../errors.ts";
import { printJson, say } from "../output.ts";

/** `herald recover <webhookId> --since 1h`: re-sends every failed delivery of a webhook since then. */
export async function recover(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { since: { type: "string" } });
  const id = positional(positionals, 0, "webhook id (herald recover <webhookId> --since 1h)");
  noMorePositionals(positionals, 1);
  const since = sinceFlag(values.since);
  const ctx = contextOf(values);
  const result = await call(
    ctx,
    "recovering",
    heraldClient(ctx).POST("/v1/webhooks/{id}/recover", {
      params: { path: { id } },
      body: { since },
    }),
  );
  if (ctx.json) printJson({ ...result, since });
  else say(`Queued ${result.recovered} failed deliveries again (since ${since}).`);
  return EXIT.ok;
}
