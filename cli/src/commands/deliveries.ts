import { CliError } from "../errors.ts";

/** Not built yet. */
export async function deliveries(_args: string[]): Promise<number> {
  throw new CliError("herald deliveries is not built yet");
}
