import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  level: string;
  format: "json" | "pretty";
  /** Literal secret values (tokens, keys): scrubbed from every line, wherever they appear. */
  secrets: readonly string[];
  /** Where lines go; stdout when omitted. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

export const REDACTED = "[REDACTED]";

const SECRET_FIELDS = [
  "token",
  "apiKey",
  "secret",
  "webhookSecret",
  "password",
  "signature",
  "authorization",
];
const SECRET_HEADERS = [
  "authorization",
  "x-api-key",
  "x-lumo-signature",
  "x-ardor-signature",
  "x-telegram-bot-api-secret-token",
  "cookie",
];
/** Objects we log that may carry secret fields or headers. */
const PARENTS = [
  "config",
  "lumo",
  "ardor",
  "provider",
  "body",
  "payload",
  "request",
  "response",
  "req",
  "res",
  "err",
];

/**
 * Field paths that hold secrets in the objects we log. Explicit paths, not `*.x` wildcards: a
 * leading wildcard makes pino run every child logger's bindings through redaction, which costs
 * far more than the logging itself. Values that slip through anywhere are still caught by the
 * scrubber below, which knows every configured secret.
 */
const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...PARENTS.flatMap((parent) => SECRET_FIELDS.map((field) => `${parent}.${field}`)),
  ...["", ...PARENTS.map((p) => `${p}.`)].flatMap((parent) =>
    SECRET_HEADERS.map((h) => `${parent}headers["${h}"]`),
  ),
];

/** Shapes of secrets we can recognise even when nobody told us the value. */
const SECRET_SHAPES = [/\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g, /\bsk_(?:live|test)_[A-Za-z0-9_]+/g];

export function createScrubber(secrets: readonly string[]): (line: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const literal = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  const variants = literal.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]);
  return (line) => {
    let out = line;
    for (const value of variants) if (out.includes(value)) out = out.split(value).join(REDACTED);
    for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
    return out;
  };
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = createScrubber(options.secrets);
  const base = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: { streamWrite: scrub },
    serializers: { err: pino.stdSerializers.err },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  if (options.format === "pretty") {
    return pino({
      ...base,
      transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } },
    });
  }
  return pino(base);
}
