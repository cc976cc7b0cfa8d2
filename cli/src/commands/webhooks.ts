import { FORMATS, isFormat } from "../../../src/domain/formats";
import { call, heraldClient } from "../api.ts";
import { intFlag, noMorePositionals, parseCommand, positional } from "../args.ts";
import { contextOf } from "../context.ts";
import { readDataFlag } from "../data-file.ts";
import { EXIT, usageError } from "../errors.ts";
import { printJson, printTable, say } from "../output.ts";

const OPTIONS = {
  endpoint: { type: "string" },
  events: { type: "string" },
  format: { type: "string" },
  description: { type: "string" },
  enabled: { type: "string" },
  data: { type: "string" },
  limit: { type: "string" },
  cursor: { type: "string" },
} as const;

const USAGE =
  "herald webhooks list | create <url> | get <id> | update <id> | delete <id> | rotate-secret <id>";

/** The webhook fields given as flags (and `--data` for any other field), for create and update. */
function fields(values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = values.data ? readDataFlag(String(values.data)) : {};
  if (values.events !== undefined)
    body.eventTypes = String(values.events)
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
  if (values.format !== undefined) {
    if (!isFormat(values.format)) throw usageError(`--format must be one of ${FORMATS.join(", ")}`);
    body.format = values.format;
  }
  if (values.description !== undefined) body.description = values.description;
  if (values.enabled !== undefined) {
    if (values.enabled !== "true" && values.enabled !== "false")
      throw usageError("--enabled must be true or false");
    body.enabled = values.enabled === "true";
  }
  return body;
}

/** `herald webhooks …`: the webhook resource over the typed client. */
export async function webhooks(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  const { values, positionals } = parseCommand(rest, OPTIONS);
  const ctx = contextOf(values);
  const herald = heraldClient(ctx);
  const id = () => positional(positionals, 0, `webhook id (herald webhooks ${verb} <id>)`);
  switch (verb) {
    case "list": {
      noMorePositionals(positionals, 0);
      const limit = intFlag(values.limit, "limit", 50, 1, 100);
      const query = { limit, ...(values.cursor ? { cursor: values.cursor } : {}) };
      const page = await call(
        ctx,
        "listing webhooks",
        herald.GET("/v1/webhooks", { params: { query } }),
      );
      if (ctx.json) printJson(page);
      else {
        printTable(
          ["ID", "URL", "FORMAT", "ENABLED", "EVENTS"],
          page.data.map((w) => [
            w.id,
            w.url,
            w.format,
            String(w.enabled),
            w.eventTypes.join(",") || "*",
          ]),
        );
        if (page.nextCursor) say(`more: --cursor ${page.nextCursor}`);
      }
      return EXIT.ok;
    }
    case "create": {
      // The receiver's URL is a positional: --url is Herald's own address, as for every command.
      const url = positional(positionals, 0, "receiver URL (herald webhooks create <url>)");
      noMorePositionals(positionals, 1);
      const body = { ...fields(values), url };
      const created = await call(
        ctx,
        "creating the webhook",
        herald.POST("/v1/webhooks", { body: body as never }),
      );
      if (ctx.json) printJson(created);
      else {
        say(`Created webhook ${created.id} -> ${created.url}`);
        say(
          `Signing secret (shown once here; herald webhooks get shows it never): ${created.secret}`,
        );
      }
      return EXIT.ok;
    }
    case "get": {
      const webhookId = id();
      noMorePositionals(positionals, 1);
      const hook = await call(
        ctx,
        "reading the webhook",
        herald.GET("/v1/webhooks/{id}", { params: { path: { id: webhookId } } }),
      );
      printJson(hook);
      return EXIT.ok;
    }
    case "update": {
      const webhookId = id();
      noMorePositionals(positionals, 1);
      const body = fields(values);
      if (values.endpoint) body.url = values.endpoint;
      if (!Object.keys(body).length)
        throw usageError(
          "nothing to update: give --endpoint, --events, --format, --description, --enabled or --data",
        );
      const hook = await call(
        ctx,
        "updating the webhook",
        herald.PATCH("/v1/webhooks/{id}", {
          params: { path: { id: webhookId } },
          body: body as never,
        }),
      );
      if (ctx.json) printJson(hook);
      else say(`Updated webhook ${hook.id}`);
      return EXIT.ok;
    }
    case "delete": {
      const webhookId = id();
      noMorePositionals(positionals, 1);
      await call(
        ctx,
        "deleting the webhook",
        herald.DELETE("/v1/webhooks/{id}", { params: { path: { id: webhookId } } }),
      );
      if (ctx.json) printJson({ id: webhookId, deleted: true });
      else say(`Deleted webhook ${webhookId}`);
      return EXIT.ok;
    }
    case "rotate-secret": {
      const webhookId = id();
      noMorePositionals(positionals, 1);
      const rotated = await call(
        ctx,
        "rotating the secret",
        herald.POST("/v1/webhooks/{id}/secret/rotate", {
          params: { path: { id: webhookId } },
          body: {},
        }),
      );
      if (ctx.json) printJson(rotated);
      else say(`New signing secret (the old one still signs for 24 h): ${rotated.secret}`);
      return EXIT.ok;
    }
    default:
      throw usageError(
        verb ? `unknown subcommand "${verb}": ${USAGE}` : `missing subcommand: ${USAGE}`,
      );
  }
}
