import type { z } from "zod";
import { type FieldError, HeraldError } from "./herald-error";

/** Turns zod issues into the `errors[]` of a problem document. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const at = (path: PropertyKey[]) => (path.length ? path.map(String).join(".") : "(root)");
  return error.issues.flatMap((issue) =>
    // zod reports unknown keys once, on their parent; clients want each one named as a field.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: at([...issue.path, key]),
          message: `Unknown field "${key}"`,
        }))
      : [{ path: at(issue.path), message: issue.message }],
  );
}

/** The OpenAPIHono defaultHook: any failed zod validation becomes one 400 problem. */
export function validationHook(result: {
  success: boolean;
  error?: unknown;
  target?: string;
}): void {
  if (!result.success && result.error) {
    const where =
      result.target === "json"
        ? "body"
        : result.target === "query"
          ? "query string"
          : (result.target ?? "request");
    throw new HeraldError("validation_failed", `The ${where} is invalid`, {
      errors: fieldErrors(result.error as z.ZodError),
    });
  }
}
