import { CliError } from "../errors.ts";

/** Not built yet. */
export async function webhooks(_args: string[]): Promise<number> {
  throw new CliError("herald webhooks is not built yet");
}
