import type { z } from "zod";
import { HeraldError, type FieldError } from "./herald-error";

/** Turns zod issues into the `errors[]` of a problem document. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join(".") : "(root)",
    message: issue.message,
  }));
}

/** The OpenAPIHono defaultHook: any failed zod validation becomes one 400 problem. */
export function validationHook(result: { success: boolean; error?: unknown; target?: string }): void {
  if (!result.success && result.error) {
    const where = result.target === "json" ? "body" : result.target === "query" ? "query string" : (result.target ?? "request");
    throw new HeraldError("validation_failed", `The ${where} is invalid`, { errors: fieldErrors(result.error as z.ZodError) });
  }
}
