import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.generated.js";

/** Herald's API as typed calls: `herald.GET("/v1/webhooks/{id}", { params: { path: { id } } })`. */
export type HeraldClient = Client<paths>;

/** Every named schema of the API (`Schemas["Webhook"]`, `Schemas["CreatedWebhook"]`, ...). */
export type Schemas = components["schemas"];

export interface HeraldClientOptions {
  /** Where Herald answers, e.g. `http://localhost:8787` (a trailing slash is fine). */
  baseUrl: string;
  /** The admin key or a wallet's API key, sent as `Authorization: Bearer`. */
  apiKey: string;
  /** A fetch to use instead of the global one (tests, proxies, a Worker's service binding). */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * A client for every operation in Herald's OpenAPI document. Paths, parameters, bodies and
 * answers are typed from the document; calls resolve to `{ data, error, response }` and never
 * throw on an HTTP error (`error` is the problem+json body then).
 */
export function createHeraldClient(options: HeraldClientOptions): HeraldClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
