import { z } from "zod";
import { parseRublesInput } from "./money.js";

/**
 * The whole configuration, parsed once from the environment by `main.ts`. Everything else receives
 * the typed {@link Config}; nothing else reads `process.env`.
 */

export const PROVIDER_NAMES = ["lumo", "ardor"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Variables whose values must never be printed, logged or sent. */
export const SECRET_VARIABLES = [
  "BOT_TOKEN",
  "TELEGRAM_WEBHOOK_SECRET",
  "LUMO_API_KEY",
  "LUMO_WEBHOOK_SECRET",
  "ARDOR_API_KEY",
  "ARDOR_WEBHOOK_SECRET",
] as const;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

// An empty variable (`FOO=` in .env or compose) means "not set", so defaults still apply.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), `must be an http(s) URL to ${what}`)
    .transform((v) => v.replace(/\/+$/, ""));

const port = z.coerce
  .number({ error: "must be a port number" })
  .int("must be a whole number")
  .min(0, "must be 0..65535")
  .max(65535, "must be 0..65535");

const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .positive(`must be ${what}`);

/** Rubles as people write them ("10000", "10 000,50") → kopecks. */
const rubles = (what: string) =>
  z.string().transform((v, ctx) => {
    const minor = parseRublesInput(v);
    if (minor === null) {
      ctx.addIssue({ code: "custom", message: `must be an amount in rubles (${what}), e.g. 10000` });
      return z.NEVER;
    }
    return minor;
  });

const secret = (what: string) => z.string().min(8, `must be at least 8 characters (${what})`);

const idList = z.string().transform((v, ctx) => {
  const ids: number[] = [];
  for (const part of v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const id = Number(part);
    if (!/^\d{1,15}$/.test(part) || !Number.isSafeInteger(id) || id <= 0) {
      ctx.addIssue({ code: "custom", message: `"${part.slice(0, 20)}" is not a Telegram user id` });
      return z.NEVER;
    }
    ids.push(id);
  }
  return [...new Set(ids)];
});

const envSchema = z.object({
  NODE_ENV: optional(z.enum(["production", "development", "test"])).default("production"),
  BOT_TOKEN: z
    .string({ error: "is required (ask @BotFather for a token)" })
    .trim()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "does not look like a bot token (digits:secret from @BotFather)"),
  TELEGRAM_API_ROOT: optional(httpUrl("the Telegram Bot API")).default("https://api.telegram.org"),
  BOT_MODE: optional(z.enum(["polling", "webhook"], { error: "must be polling or webhook" })).default(
    "polling",
  ),
  PUBLIC_URL: optional(httpUrl("this bot's listener, as Telegram reaches it")),
  TELEGRAM_WEBHOOK_SECRET: optional(
    z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16..256 characters of A-Z, a-z, 0-9, _ and -"),
  ),
  HTTP_HOST: optional(z.string().trim()).default("0.0.0.0"),
  HTTP_PORT: optional(port).default(8080),
  HTTP_BODY_LIMIT_BYTES: optional(positiveInt("a positive number of bytes")).default(1024 * 1024),
  REDIS_URL: optional(
    z
      .string()
      .trim()
      .refine((v) => /^rediss?:\/\//.test(v) && URL.canParse(v), "must be a redis:// or rediss:// URL"),
  ).default("redis://127.0.0.1:6379"),
  REDIS_PREFIX: optional(
    z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1..64 characters of A-Z, a-z, 0-9, _ . : -"),
  ).default("qrpay"),
  SESSION_TTL_SECONDS: optional(positiveInt("a positive number of seconds")).default(90 * 24 * 3600),
  SHUTDOWN_TIMEOUT_MS: optional(positiveInt("a positive number of milliseconds")).default(10_000),
  ADMIN_IDS: optional(idList).default([]),
  DEFAULT_PROVIDER: optional(z.enum(PROVIDER_NAMES, { error: "must be lumo or ardor" })),
  LUMO_API_URL: optional(httpUrl("the Lumo B2B API")).default("https://b2b.lumowallet.io"),
  LUMO_API_KEY: optional(z.string().trim().min(1)),
  LUMO_WEBHOOK_SECRET: optional(secret("the Lumo webhook signing secret")),
  ARDOR_API_URL: optional(httpUrl("the ArdorQR API")),
  ARDOR_API_KEY: optional(
    z
      .string()
      .trim()
      .regex(/^sk_(live|test)_[A-Za-z0-9_]+$/, "must be an ArdorQR key: sk_live_… or sk_test_…"),
  ),
  ARDOR_WEBHOOK_SECRET: optional(secret("the ArdorQR webhook signing secret")),
  TIMEZONE: optional(
    z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat("ru-RU", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Europe/Moscow"),
  ).default("Europe/Moscow"),
  MAX_IMAGE_BYTES: optional(positiveInt("a positive number of bytes")).default(20 * 1024 * 1024),
  QR_DECODE_TIMEOUT_MS: optional(positiveInt("a positive number of milliseconds")).default(2_000),
  QR_THREADS: optional(positiveInt("a positive number of threads")),
  QR_MAX_QUEUE: optional(positiveInt("a positive number of images")),
  WEBHOOK_GRACE_MS: optional(positiveInt("a positive number of milliseconds")).default(60_000),
  POLL_INITIAL_MS: optional(positiveInt("a positive number of milliseconds")).default(5_000),
  POLL_MAX_INTERVAL_MS: optional(positiveInt("a positive number of milliseconds")).default(300_000),
  TIMER_TICK_MS: optional(positiveInt("a positive number of milliseconds")).default(1_000),
  LIMIT_PER_PAYMENT_RUB: optional(rubles("the default limit for one payment")).default(1_000_000),
  LIMIT_PER_DAY_RUB: optional(rubles("the default daily limit per person")).default(3_000_000),
  APPROVAL_THRESHOLD_RUB: optional(rubles("the amount above which every payment needs approval")).default(
    5_000_000,
  ),
  INVITE_TTL_SECONDS: optional(positiveInt("a positive number of seconds")).default(24 * 3600),
  PROVIDER_HTTP_TIMEOUT_MS: optional(positiveInt("a positive number of milliseconds")).default(10_000),
  PROVIDER_HTTP_MAX_ATTEMPTS: optional(positiveInt("a positive number of attempts")).default(3),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })),
  LOG_FORMAT: optional(z.enum(["json", "pretty"], { error: "must be json or pretty" })),
});

/**
 * Rules between variables, checked on the raw environment so they are reported together with
 * every other problem (zod skips object refinements once a field is invalid).
 */
function missingCombinations(source: Record<string, string | undefined>): string[] {
  const has = (name: string) => (source[name] ?? "").trim() !== "";
  const problems: string[] = [];
  const need = (name: string, why: string) => {
    if (!has(name)) problems.push(`${name} is required ${why}`);
  };
  if (source.BOT_MODE?.trim() === "webhook") {
    need("PUBLIC_URL", "when BOT_MODE=webhook");
    need("TELEGRAM_WEBHOOK_SECRET", "when BOT_MODE=webhook");
  }
  if (has("LUMO_API_KEY"))
    need("LUMO_WEBHOOK_SECRET", "when LUMO_API_KEY is set (webhooks must be verified)");
  if (has("ARDOR_API_KEY")) {
    need("ARDOR_API_URL", "when ARDOR_API_KEY is set");
    need("ARDOR_WEBHOOK_SECRET", "when ARDOR_API_KEY is set (webhooks must be verified)");
  }
  const wanted = source.DEFAULT_PROVIDER?.trim();
  if (wanted === "lumo") need("LUMO_API_KEY", "when DEFAULT_PROVIDER=lumo");
  if (wanted === "ardor") need("ARDOR_API_KEY", "when DEFAULT_PROVIDER=ardor");
  return problems;
}

type Env = z.output<typeof envSchema>;

export interface LumoConfig {
  apiUrl: string;
  apiKey: string;
  webhookSecret: string;
}

export interface ArdorConfig {
  apiUrl: string;
  apiKey: string;
  webhookSecret: string;
}

export interface Config {
  env: Env["NODE_ENV"];
  bot: {
    token: string;
    apiRoot: string;
    mode: "polling" | "webhook";
    publicUrl: string | undefined;
    webhookSecret: string | undefined;
  };
  http: { host: string; port: number; bodyLimitBytes: number };
  redis: { url: string; prefix: string };
  sessionTtlSeconds: number;
  shutdownTimeoutMs: number;
  adminIds: number[];
  providers: {
    default: ProviderName | undefined;
    lumo: LumoConfig | undefined;
    ardor: ArdorConfig | undefined;
  };
  log: { level: (typeof LOG_LEVELS)[number]; format: "json" | "pretty" };
  /** The company's time zone: card times, daily limits, exports. */
  timeZone: string;
  qr: { maxImageBytes: number; timeoutMs: number; threads: number | undefined; maxQueue: number | undefined };
  payments: { webhookGraceMs: number; pollInitialMs: number; pollMaxMs: number; timerTickMs: number };
  /** Defaults for people without their own limits (kopecks), and the company approval threshold. */
  limits: { perPaymentMinor: number; perDayMinor: number; approvalThresholdMinor: number };
  inviteTtlSeconds: number;
  /** Per provider call: timeout of one attempt, and attempts for calls that are safe to retry. */
  providerHttp: { timeoutMs: number; maxAttempts: number };
  /** Every secret value in this configuration, so the logger can scrub them from any output. */
  secrets: string[];
}

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Parses the environment. Throws {@link ConfigError} listing every problem at once. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(source);
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`)),
    ...missingCombinations(source),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError([...new Set(problems)]);
  const env = result.data;
  const lumo =
    env.LUMO_API_KEY && env.LUMO_WEBHOOK_SECRET
      ? { apiUrl: env.LUMO_API_URL, apiKey: env.LUMO_API_KEY, webhookSecret: env.LUMO_WEBHOOK_SECRET }
      : undefined;
  const ardor =
    env.ARDOR_API_KEY && env.ARDOR_API_URL && env.ARDOR_WEBHOOK_SECRET
      ? { apiUrl: env.ARDOR_API_URL, apiKey: env.ARDOR_API_KEY, webhookSecret: env.ARDOR_WEBHOOK_SECRET }
      : undefined;
  return {
    env: env.NODE_ENV,
    bot: {
      token: env.BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT,
      mode: env.BOT_MODE,
      publicUrl: env.PUBLIC_URL,
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
    },
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT, bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES },
    redis: { url: env.REDIS_URL, prefix: env.REDIS_PREFIX },
    sessionTtlSeconds: env.SESSION_TTL_SECONDS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    adminIds: env.ADMIN_IDS,
    providers: {
      default: env.DEFAULT_PROVIDER ?? (lumo ? "lumo" : ardor ? "ardor" : undefined),
      lumo,
      ardor,
    },
    timeZone: env.TIMEZONE,
    qr: {
      maxImageBytes: env.MAX_IMAGE_BYTES,
      timeoutMs: env.QR_DECODE_TIMEOUT_MS,
      threads: env.QR_THREADS,
      maxQueue: env.QR_MAX_QUEUE,
    },
    limits: {
      perPaymentMinor: env.LIMIT_PER_PAYMENT_RUB,
      perDayMinor: env.LIMIT_PER_DAY_RUB,
      approvalThresholdMinor: env.APPROVAL_THRESHOLD_RUB,
    },
    inviteTtlSeconds: env.INVITE_TTL_SECONDS,
    providerHttp: { timeoutMs: env.PROVIDER_HTTP_TIMEOUT_MS, maxAttempts: env.PROVIDER_HTTP_MAX_ATTEMPTS },
    payments: {
      webhookGraceMs: env.WEBHOOK_GRACE_MS,
      pollInitialMs: env.POLL_INITIAL_MS,
      pollMaxMs: env.POLL_MAX_INTERVAL_MS,
      timerTickMs: env.TIMER_TICK_MS,
    },
    log: {
      level: env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "silent" : "info"),
      format: env.LOG_FORMAT ?? (env.NODE_ENV === "development" ? "pretty" : "json"),
    },
    secrets: [...SECRET_VARIABLES.map((name) => env[name]), redisPassword(env.REDIS_URL)].filter(
      (v): v is string => typeof v === "string" && v.length > 0,
    ),
  };
}

function redisPassword(url: string): string | undefined {
  const password = new URL(url).password;
  return password ? decodeURIComponent(password) : undefined;
}
