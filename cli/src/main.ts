import { CliError, EXIT } from "./errors.ts";
import { note, say } from "./output.ts";

/** A command: its arguments after the command name in, an exit code out. */
export type Command = (args: string[]) => Promise<number>;

// Loaded on demand, so `herald verify` does not parse the code of `herald listen`.
const COMMANDS: Record<string, () => Promise<Command>> = {
  login: async () => (await import("./commands/login.ts")).login,
  logout: async () => (await import("./commands/login.ts")).logout,
  listen: async () => (await import("./commands/listen.ts")).listen,
  trigger: async () => (await import("./commands/trigger.ts")).trigger,
  verify: async () => (await import("./commands/verify.ts")).verify,
  doctor: async () => (await import("./commands/doctor.ts")).doctor,
  webhooks: async () => (await import("./commands/webhooks.ts")).webhooks,
  events: async () => (await import("./commands/events.ts")).events,
  deliveries: async () => (await import("./commands/deliveries.ts")).deliveries,
  recover: async () => (await import("./commands/recover.ts")).recover,
};

/** The usage text of `herald --help`. */
export const USAGE = `Usage: herald <command> [flags]

Commands:
  login [--url U] [--key K]          check the key and save it as your profile (0600)
  logout                             forget the saved URL and key
  listen --forward-to URL [--events 'openid.*'] [--format standard|identus|waltid|proven|acapy|igrant]
                                     forward the wallet's live events to a local receiver, signed
  trigger <type> [--data @file.json] post the catalog example (or your data) of a type as an event
  webhooks list | create <url> | get <id> | update <id> | delete <id> | rotate-secret <id>
  events list | get <eventId> | tail [--type T]   the event log, and the live stream as lines
  deliveries list <webhookId> | get <deliveryId> | retry <deliveryId>
  recover <webhookId> --since 1h     re-send the failed deliveries since then
  verify --secret whsec_… --headers headers.json --body body.json
                                     check a captured delivery's signature and say why it fails
  doctor <url> --secret whsec_…      probe a receiver: does it really verify signatures?
  doctor --webhook <id> [--last]     the same probes, run by Herald against a webhook (or its last run)

Global flags:
  --url URL     Herald's address (default http://localhost:8787, or HERALD_URL, or the profile)
  --key KEY     API key (or HERALD_API_KEY, or the profile saved by herald login)
  --json        machine-readable output

Exit codes: 0 ok, 1 failure, 2 usage error.`;

/** Runs one command line and returns the exit code; errors become one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    say(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    say(USAGE);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    note(`herald: unknown command "${name}" (herald --help lists them)`);
    return EXIT.usage;
  }
  try {
    return await (await load())(rest);
  } catch (err) {
    if (err instanceof CliError) {
      note(`herald: ${err.message}`);
      return err.exitCode;
    }
    // Anything else is a bug; still one line, no stack, unless HERALD_DEBUG asks for it.
    if (process.env.HERALD_DEBUG) console.error(err);
    else note(`herald: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failure;
  }
}
