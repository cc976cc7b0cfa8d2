// Herald's one way to write a log line. Workers Logs and `wrangler tail` parse a line that is one
// JSON object into fields, so every line is one: `level`, `msg`, then the ids that tie it to a
// request (`requestId`) or a delivery (`webhookId`, `eventId`, `deliveryId`, ...).

/** How bad a line is; `warn` and `error` go to console.warn/error so Workers Logs keeps the level. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Fields beside `level` and `msg`; an Error among them is written as its message. */
export type LogFields = Record<string, unknown>;

const write: Record<LogLevel, (line: string) => void> = {
  debug: (line) => console.debug(line),
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

// JSON.stringify writes an Error as {}: its message is what a reader needs.
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return String(value);
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** The line as written: one JSON object; `level` and `msg` first and never overridden by a field. */
export function formatLine(level: LogLevel, msg: string, fields: LogFields = {}): string {
  const { level: _l, msg: _m, ...rest } = fields;
  try {
    return JSON.stringify({ level, msg, ...rest }, replacer);
  } catch (err) {
    // A field that cannot be serialised (a cycle) must not lose the line.
    return JSON.stringify({ level, msg, logError: String(err) });
  }
}

/** Writes one line at a level. */
export function log(level: LogLevel, msg: string, fields?: LogFields): void {
  write[level](formatLine(level, msg, fields));
}

/** The logger every module uses: `logger.error("what failed", { requestId, error: err })`. */
export const logger = {
  debug: (msg: string, fields?: LogFields) => log("debug", msg, fields),
  info: (msg: string, fields?: LogFields) => log("info", msg, fields),
  warn: (msg: string, fields?: LogFields) => log("warn", msg, fields),
  error: (msg: string, fields?: LogFields) => log("error", msg, fields),
};
