import { CliError } from "../errors.ts";

/** Not built yet. */
export async function events(_args: string[]): Promise<number> {
  throw new CliError("herald events is not built yet");
}
