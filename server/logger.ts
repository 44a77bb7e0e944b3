/**
 * One structured logger: JSON lines on stdout ({time, level, msg, ...bound fields, ...fields}).
 * Child loggers bind fields: `logger.child({ area: "sandbox", studentId })`. The level comes from
 * the configuration (LOG_LEVEL) on first use.
 */
import { getConfig, logLevels, type LogLevel } from "./config";

export type { LogLevel };
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LoggerOptions {
  /** Fixed level, or a function asked once on the first log call. */
  level?: LogLevel | (() => LogLevel);
  /** Receives each line without the newline. Default: process.stdout. */
  write?: (line: string) => void;
  bindings?: LogFields;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  let threshold: number | undefined;
  const minimum = () => {
    if (threshold === undefined) {
      const level = typeof options.level === "function" ? options.level() : (options.level ?? "info");
      threshold = SEVERITY[level];
    }
    return threshold;
  };
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));

  const make = (bindings: LogFields): Logger => {
    const emit = (level: Exclude<LogLevel, "silent">, msg: string, fields?: LogFields) => {
      if (SEVERITY[level] < minimum()) return;
      write(toJsonLine({ time: new Date().toISOString(), level, msg, ...bindings, ...fields }));
    };
    return {
      debug: (msg, fields) => emit("debug", msg, fields),
      info: (msg, fields) => emit("info", msg, fields),
      warn: (msg, fields) => emit("warn", msg, fields),
      error: (msg, fields) => emit("error", msg, fields),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return make(options.bindings ?? {});
}

/** LOG_LEVEL from the configuration; if the configuration is invalid, from the raw variable. */
function configuredLevel(): LogLevel {
  try {
    return getConfig().LOG_LEVEL;
  } catch {
    const raw = process.env.LOG_LEVEL;
    return logLevels.find((level) => level === raw) ?? "info";
  }
}

/** The process-wide logger. */
export const logger: Logger = createLogger({ level: configuredLevel });

function toJsonLine(record: LogFields): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(record, (_key, value: unknown) => {
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Error) return serializeError(value);
    if (typeof value === "object" && value !== null) {
      if (seen.has(value)) return "[circular]";
      seen.add(value);
    }
    return value;
  });
}

function serializeError(error: Error): Record<string, unknown> {
  const extra = error as Error & { code?: unknown; status?: unknown; userMessage?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(extra.code !== undefined && { code: extra.code }),
    ...(extra.status !== undefined && { status: extra.status }),
    stack: error.stack,
    ...(error.cause !== undefined && { cause: error.cause instanceof Error ? serializeError(error.cause) : String(error.cause) }),
  };
}
