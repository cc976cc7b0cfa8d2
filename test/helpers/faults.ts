import type { WebhookObject } from "../../src/delivery/webhook-object";
import type { HeraldMessage } from "../../src/domain/event-contract/messages";

// Fault injection wraps the real bindings: every call goes to the real D1, queue or object
// namespace unless the test chose to fail it. Nothing replaces the runtime.

/** A switch a wrapper consults on every call, so a test can break and heal a binding. */
export interface FaultSwitch {
  failing: boolean;
  /** How many calls were refused. */
  refused: number;
}

/** A switch that starts in the given state. */
export function faultSwitch(failing = true): FaultSwitch {
  return { failing, refused: 0 };
}

/** The real D1 database, except that the named methods reject while the switch is on. */
export function failingD1(
  real: D1Database,
  methods: (keyof D1Database)[],
  fault: FaultSwitch = faultSwitch(),
): D1Database {
  return new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      if (fault.failing && methods.includes(prop as keyof D1Database)) {
        return () => {
          fault.refused++;
          const error = new Error(`injected fault: D1 ${String(prop)} refused`);
          // prepare() is synchronous in D1; the others return promises.
          if (prop === "prepare") throw error;
          return Promise.reject(error);
        };
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

/** The real queue producer, except that send and sendBatch reject while the switch is on. */
export function refusingQueue(
  real: Queue<HeraldMessage>,
  fault: FaultSwitch = faultSwitch(),
): Queue<HeraldMessage> {
  const refuse = async () => {
    fault.refused++;
    throw new Error("injected fault: the queue refused the message");
  };
  return {
    send: (body, options) => (fault.failing ? refuse() : real.send(body, options)),
    sendBatch: (messages, options) =>
      fault.failing ? refuse() : real.sendBatch(messages, options),
    metrics: () => real.metrics(),
  };
}

/** Messages a recording queue forwarded to the real queue. */
export interface RecordingQueue {
  queue: Queue<HeraldMessage>;
  sent: HeraldMessage[];
}

/** The real queue producer, recording every message it forwards. */
export function recordingQueue(real: Queue<HeraldMessage>): RecordingQueue {
  const sent: HeraldMessage[] = [];
  return {
    sent,
    queue: {
      send: (body, options) => {
        sent.push(body);
        return real.send(body, options);
      },
      sendBatch: (messages, options) => {
        sent.push(...[...messages].map((m) => m.body));
        return real.sendBatch(messages, options);
      },
      metrics: () => real.metrics(),
    },
  };
}

type Objects = DurableObjectNamespace<WebhookObject>;

/** A webhook-object namespace: the real one, recording which objects were handed events, and failing those named in `failFor`. */
export interface ObjectsWrapper {
  namespace: Objects;
  /** Object names whose enqueue was called and succeeded. */
  handedOff: string[];
}

/** Wraps the real namespace: `enqueue` on an object named in `failFor` rejects (the object is never reached); the rest is forwarded. */
export function wrappedObjects(real: Objects, failFor: string[] = []): ObjectsWrapper {
  const handedOff: string[] = [];
  const names = new Map<string, string>();
  const namespace = new Proxy(real, {
    get(target, prop) {
      if (prop === "idFromName") {
        return (name: string) => {
          const id = target.idFromName(name);
          names.set(id.toString(), name);
          return id;
        };
      }
      if (prop === "get") {
        return (id: DurableObjectId) => {
          const stub = target.get(id);
          const name = names.get(id.toString()) ?? id.toString();
          return new Proxy(stub, {
            get(stubTarget, stubProp) {
              if (stubProp !== "enqueue") return Reflect.get(stubTarget, stubProp, stubTarget);
              return async (...args: Parameters<WebhookObject["enqueue"]>) => {
                if (failFor.includes(name))
                  throw new Error(`injected fault: object ${name} unreachable`);
                const added = await stubTarget.enqueue(...args);
                handedOff.push(name);
                return added;
              };
            },
          });
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function"
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return { namespace, handedOff };
}

/** What a statement fault does: refuse the statement, or let it run and hide the rows it read. */
export type StatementFault = "refuse" | "read-nothing";

/**
 * The real D1 database, except that statements whose SQL matches `pattern` misbehave while the
 * switch is on, alone or inside a batch (the rest of a batch still runs for "read-nothing";
 * a batch holding a refused statement fails whole, as D1's atomic batches do).
 */
export function faultyStatements(
  real: D1Database,
  pattern: RegExp,
  mode: StatementFault = "refuse",
  fault: FaultSwitch = faultSwitch(),
): D1Database {
  const sqlOf = new WeakMap<object, string>();
  const realOf = new WeakMap<object, D1PreparedStatement>();
  const hit = (sql: string) => fault.failing && pattern.test(sql);
  const refusal = (sql: string) => {
    fault.refused++;
    return Promise.reject(new Error(`injected fault: D1 refused ${sql.slice(0, 60)}`));
  };
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop) {
        if (prop === "bind") return (...values: unknown[]) => wrap(target.bind(...values), sql);
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== "function") return value;
        if (hit(sql) && (prop === "run" || prop === "all" || prop === "first" || prop === "raw")) {
          if (mode === "refuse") return () => refusal(sql);
          fault.refused++;
          return async () =>
            prop === "first"
              ? null
              : prop === "raw"
                ? []
                : { ...(await target.run()), results: [] };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    sqlOf.set(proxy, sql);
    realOf.set(proxy, statement);
    return proxy;
  };
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const matched = statements.map((s) => hit(sqlOf.get(s) ?? ""));
          if (mode === "refuse" && matched.some(Boolean))
            return refusal(statements.map((s) => sqlOf.get(s) ?? "").find((sql) => hit(sql))!);
          const results = await target.batch(statements.map((s) => realOf.get(s) ?? s));
          if (matched.some(Boolean)) fault.refused++;
          return results.map((r, i) => (matched[i] ? { ...r, results: [] } : r));
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function"
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/** The real wallet-stream namespace, except that every publish fails (the consumer's last step). */
export function failingStreams(
  real: Env["WALLET_STREAM"],
  fault: FaultSwitch = faultSwitch(),
): Env["WALLET_STREAM"] {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "get") {
        return (id: DurableObjectId) => {
          const stub = target.get(id);
          return new Proxy(stub, {
            get(stubTarget, stubProp) {
              if (stubProp === "publish" && fault.failing) {
                return async () => {
                  fault.refused++;
                  throw new Error("injected fault: the wallet stream refused the events");
                };
              }
              return Reflect.get(stubTarget, stubProp, stubTarget);
            },
          });
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function"
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
