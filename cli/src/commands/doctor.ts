import { CliError } from "../errors.ts";

/** Not built yet. */
export async function doctor(_args: string[]): Promise<number> {
  throw new CliError("herald doctor is not built yet");
}
