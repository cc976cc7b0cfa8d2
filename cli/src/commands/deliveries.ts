import { call, heraldClient } from "../api.ts";
import { intFlag, noMorePositionals, parseCommand, positional } from "../args.ts";
import { contextOf } from "../context.ts";
import { sinceFlag } from "../duration.ts";
import { EXIT, usageError } from "../errors.ts";
import { printJson, printTable, say } from "../output.ts";

const STATUSES = ["pending", "sending", "succeeded", "failed", "expired"] as const;
const USAGE = "herald deliveries list <webhookId> | get <deliveryId> | retry <deliveryId>";

/** `herald deliveries …`: a webhook's delivery log, one delivery with its attempts, a retry. */
export async function deliveries(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  const { values, positionals } = parseCommand(rest, {
    status: { type: "string" },
    since: { type: "string" },
    limit: { type: "string" },
    cursor: { type: "string" },
  });
  const ctx = contextOf(values);
  const herald = heraldClient(ctx);
  switch (verb) {
    case "list": {
      const id = positional(positionals, 0, "webhook id (herald deliveries list <webhookId>)");
      noMorePositionals(positionals, 1);
      const status = values.status as (typeof STATUSES)[number] | undefined;
      if (status !== undefined && !STATUSES.includes(status))
        throw usageError(`--status must be one of ${STATUSES.join(", ")}`);
      const query = {
        limit: intFlag(values.limit, "limit", 50, 1, 100),
        ...(values.cursor ? { cursor: values.cursor } : {}),
        ...(status ? { status } : {}),
        ...(values.since ? { since: sinceFlag(values.since) } : {}),
      };
      const page = await call(
        ctx,
        "listing deliveries",
        herald.GET("/v1/webhooks/{id}/deliveries", { params: { path: { id }, query } }),
      );
      if (ctx.json) printJson(page);
      else {
        printTable(
          ["ID", "EVENT TYPE", "STATUS", "ATTEMPTS", "LAST STATUS", "UPDATED"],
          page.data.map((d) => [
            d.id,
            d.eventType,
            d.status,
            String(d.attemptCount),
            String(d.lastStatusCode ?? "-"),
            d.updatedAt,
          ]),
        );
        if (page.nextCursor) say(`more: --cursor ${page.nextCursor}`);
      }
      return EXIT.ok;
    }
    case "get": {
      const id = positional(positionals, 0, "delivery id (herald deliveries get <deliveryId>)");
      noMorePositionals(positionals, 1);
      const delivery = await call(
        ctx,
        "reading the delivery",
        herald.GET("/v1/deliveries/{id}", { params: { path: { id } } }),
      );
      printJson(delivery);
      return EXIT.ok;
    }
    case "retry": {
      const id = positional(positionals, 0, "delivery id (herald deliveries retry <deliveryId>)");
      noMorePositionals(positionals, 1);
      const queued = await call(
        ctx,
        "retrying the delivery",
        herald.POST("/v1/deliveries/{id}/retry", { params: { path: { id } } }),
      );
      if (ctx.json) printJson(queued);
      else say(`Queued delivery ${queued.id} for an attempt now.`);
      return EXIT.ok;
    }
    default:
      throw usageError(
        verb ? `unknown subcommand "${verb}": ${USAGE}` : `missing subcommand: ${USAGE}`,
      );
  }
}
