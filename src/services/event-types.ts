import type { Principal } from "../app-env";
import type { Config } from "../config";
import type { Database } from "../db/client";
import {
  BUILTIN_EVENT_TYPES,
  type BuiltinSource,
  builtinEventType,
  type EventTypeDefinition,
  isBuiltinEventType,
  isReservedEventType,
  RESERVED_TYPE_PREFIX,
} from "../domain/event-catalog";
import { isValidSchema, type JsonSchema, type SchemaError, validate } from "../domain/json-schema";
import { type FieldError, HeraldError, notFound } from "../errors/herald-error";
import {
  deleteEventType,
  type EventTypeRow,
  findEventType,
  insertEventType,
  listEventTypes,
} from "../repositories/event-types";
import { type WalletScope, walletScope } from "../repositories/scope";
import { forgetIngestChecks } from "./ingest-schema-cache";
import { requestWallet } from "./request-wallet";
import { eventTypeQuota, eventTypeQuotaExceeded } from "./wallet-limits";

/** Largest schema or example a wallet may store, as JSON. */
export const MAX_SCHEMA_BYTES = 64 * 1024;

export type EventTypeSource = BuiltinSource | "wallet";

/** A catalog entry as the API shows it. */
export interface EventTypeView {
  name: string;
  description: string;
  source: EventTypeSource;
  deprecated: boolean;
  schema: JsonSchema | null;
  example: Record<string, unknown> | null;
  validateIngest?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

/** A type a wallet registers, after zod. */
export interface EventTypeInput {
  name: string;
  description: string;
  schema?: JsonSchema;
  example?: Record<string, unknown>;
  validateIngest?: boolean;
}

function builtinView(d: EventTypeDefinition): EventTypeView {
  return {
    name: d.name,
    description: d.description,
    source: d.source,
    deprecated: d.deprecated ?? false,
    schema: d.schema,
    example: d.example,
  };
}

function walletView(row: EventTypeRow): EventTypeView {
  return {
    name: row.name,
    description: row.description,
    source: "wallet",
    deprecated: false,
    schema: row.schema ?? null,
    example: row.example ?? null,
    validateIngest: row.validateIngest,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

// The admin sees the built-ins only, or one wallet's types too when it names the wallet.
function viewer(db: Database, principal: Principal, walletId: string | undefined) {
  return requestWallet(db, principal, { named: walletId, field: "walletId", whenUnnamed: "none" });
}

// Registering is the wallet's own act: the admin key is refused rather than guessing a wallet.
function ownWallet(principal: Principal): WalletScope {
  if (principal.kind !== "wallet")
    throw new HeraldError(
      "forbidden",
      "Event types are registered and deleted with the wallet's own key, not the admin key",
    );
  return walletScope(principal.walletId);
}

/** The catalog: built-ins, then the wallet's own types by name; optionally one source only. */
export async function listCatalog(
  db: Database,
  principal: Principal,
  filter: { source?: EventTypeSource; walletId?: string },
): Promise<EventTypeView[]> {
  const builtins = BUILTIN_EVENT_TYPES.filter(
    (d) => filter.source === undefined || d.source === filter.source,
  ).map(builtinView);
  const scope = await viewer(db, principal, filter.walletId);
  if (scope === null || (filter.source !== undefined && filter.source !== "wallet"))
    return builtins;
  return [...builtins, ...(await listEventTypes(db, scope)).map(walletView)];
}

/** One catalog entry the caller can see. */
export async function getCatalogEntry(
  db: Database,
  principal: Principal,
  name: string,
  walletId?: string,
): Promise<EventTypeView> {
  const builtin = builtinEventType(name);
  if (builtin) return builtinView(builtin);
  const scope = await viewer(db, principal, walletId);
  const row = scope === null ? null : await findEventType(db, scope, name);
  if (!row) throw notFound("Event type");
  return walletView(row);
}

const under = (prefix: string, errors: SchemaError[]): FieldError[] =>
  errors.map((e) => ({ path: e.path ? `${prefix}.${e.path}` : prefix, message: e.message }));

function checkInput(input: EventTypeInput): FieldError[] {
  const errors: FieldError[] = [];
  // Herald's operational events live here; a wallet's own type there would pass for one of them.
  if (isReservedEventType(input.name))
    errors.push({
      path: "name",
      message: `The ${RESERVED_TYPE_PREFIX} prefix is reserved for Herald's operational events`,
    });
  if (input.validateIngest && !input.schema)
    errors.push({
      path: "validateIngest",
      message: "validateIngest needs a schema to validate with",
    });
  for (const field of ["schema", "example"] as const) {
    const value = input[field];
    if (
      value !== undefined &&
      new TextEncoder().encode(JSON.stringify(value)).byteLength > MAX_SCHEMA_BYTES
    ) {
      errors.push({
        path: field,
        message: `${field} must be at most ${MAX_SCHEMA_BYTES} bytes of JSON`,
      });
    }
  }
  if (errors.length || !input.schema) return errors;
  const schemaCheck = isValidSchema(input.schema);
  if (!schemaCheck.valid) return under("schema", schemaCheck.errors);
  if (input.example !== undefined)
    errors.push(...under("example", validate(input.schema, input.example).errors));
  return errors;
}

/** Registers a type for the caller's wallet: its schema must be valid JSON Schema and its example must match it. */
export async function registerEventType(
  db: Database,
  principal: Principal,
  input: EventTypeInput,
  config: Config,
): Promise<EventTypeView> {
  const scope = ownWallet(principal);
  if (isBuiltinEventType(input.name))
    throw new HeraldError(
      "conflict",
      `"${input.name}" is a built-in event type; register another name`,
    );
  const errors = checkInput(input);
  if (errors.length)
    throw new HeraldError("validation_failed", "The event type is invalid", { errors });
  // The catalog is listed whole, without pages: the wallet's quota keeps it short.
  const limit = await eventTypeQuota(db, config, scope);
  const now = new Date().toISOString();
  const row = await insertEventType(
    db,
    scope,
    {
      name: input.name,
      description: input.description,
      schema: input.schema ?? null,
      example: input.example ?? null,
      validateIngest: input.validateIngest ?? false,
      createdAt: now,
      updatedAt: now,
    },
    limit,
  );
  if (row === "full") throw eventTypeQuotaExceeded(limit);
  if (row === "exists")
    throw new HeraldError(
      "conflict",
      `The wallet already registered "${input.name}"; delete it first to change it`,
    );
  forgetIngestChecks(scope.walletId);
  return walletView(row);
}

/** Deletes one of the caller's registered types; webhooks subscribed to it keep their subscription. */
export async function removeEventType(
  db: Database,
  principal: Principal,
  name: string,
): Promise<void> {
  const scope = ownWallet(principal);
  if (isBuiltinEventType(name))
    throw new HeraldError("conflict", `"${name}" is a built-in event type and cannot be deleted`);
  if (!(await deleteEventType(db, scope, name))) throw notFound("Event type");
  forgetIngestChecks(scope.walletId);
}
