import { type DestinationStream, type Logger, pino } from "pino";
import { createScrubber, REDACTED } from "./lib/scrub.js";
import { PROVIDER_SECRET_HEADERS, PROVIDERS } from "./providers/registry.js";

export type { Logger } from "pino";
export { createScrubber, REDACTED } from "./lib/scrub.js";

export interface LoggerOptions {
  level: string;
  format: "json" | "pretty";
  /** Literal secret values (tokens, keys): scrubbed from every line, wherever they appear. */
  secrets: readonly string[];
  /** Where lines go; stdout when omitted. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

const SECRET_FIELDS = [
  "token",
  "apiKey",
  "secret",
  "webhookSecret",
  "ipnSecret",
  "orderSecret",
  "password",
  "signature",
  "authorization",
];
const SECRET_HEADERS = [
  "authorization",
  "x-api-key",
  ...PROVIDER_SECRET_HEADERS,
  "x-telegram-bot-api-secret-token",
  "cookie",
];
/** Objects we log that may carry secret fields or headers. */
const PARENTS = [
  "config",
  ...PROVIDERS.map((d) => d.name),
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
