import { CliError } from "../errors.ts";

/** Not built yet. */
export async function recover(_args: string[]): Promise<number> {
  throw new CliError("herald recover is not built yet");
}
