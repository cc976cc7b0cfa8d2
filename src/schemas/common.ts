import { z } from "@hono/zod-openapi";

/** A resource id in a path. Anything else is simply not found, so malformed ids answer 404 like unknown ones. */
export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({
      param: { name: "id", in: "path" },
      example: "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
    }),
});

/** `?limit=1..100&cursor=…`, as every list takes. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ example: 50 }),
  cursor: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: "nextCursor from the previous page" }),
});

/** Wraps an item schema in Herald's list envelope; with an item example, the page shows it. */
export function pageOf<T extends z.ZodTypeAny>(item: T, example?: z.input<T>) {
  const page = z.object({ data: z.array(item), nextCursor: z.string().nullable() });
  return example === undefined
    ? page
    : page.openapi({ example: { data: [example], nextCursor: null } });
}

/** RFC 9457 problem document, for the OpenAPI error responses. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The error responses every authenticated route can give. */
export const errorResponses = {
  400: problem("Invalid input"),
  401: problem("Missing or invalid API key"),
  404: problem("Not found (or another wallet's)"),
} as const;

/** The error answers of a route whose caller may name a wallet (see services/request-wallet.ts). */
export const walletErrorResponses = {
  ...errorResponses,
  403: problem("walletId names another wallet than the key's"),
} as const;

export const problemOf = problem;

/** Shorthand for a JSON response entry in a route definition. */
export function jsonContent<T extends z.ZodTypeAny>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** Shorthand for a required JSON request body. */
export function jsonBody<T extends z.ZodTypeAny>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}

/** Security requirement shared by every key-protected route. */
export const keySecurity: Array<Record<string, string[]>> = [
  { bearer: [] },
  { apiKeyHeader: [] },
  { xApiKey: [] },
];
