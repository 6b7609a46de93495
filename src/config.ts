import { z } from "zod";
import { httpUrl, optional, port, positiveInt, type RawEnv, requireAll, rubles } from "./lib/env-schema.js";
import {
  EXCHANGERS,
  PROVIDER_NAMES,
  PROVIDERS,
  type ProviderConfigs,
  type ProviderName,
  RECEIVE_PROVIDERS,
  SPEND_PROVIDERS,
} from "./providers/registry.js";

/**
 * The whole configuration, parsed once from the environment by `main.ts`. Everything else receives
 * the typed {@link Config}; nothing else reads `process.env`.
 */

export type { ProviderName } from "./providers/registry.js";

/** Where the listener serves the Mini App scanner (GET the page, POST a scanned code). */
export const MINIAPP_PATH = "/app/scan";

/** Variables whose values must never be printed, logged or sent (each provider adds its own). */
export const SECRET_VARIABLES = [
  "BOT_TOKEN",
  "TELEGRAM_WEBHOOK_SECRET",
  ...PROVIDERS.flatMap((d) => d.secretVariables),
] as const;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

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

const baseEnv = {
  NODE_ENV: optional(z.enum(["production", "development", "test"])).default("production"),
  BOT_TOKEN: z
    .string({ error: "is required (ask @BotFather for a token)" })
    .trim()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "does not look like a bot token (digits:secret from @BotFather)"),
  TELEGRAM_API_ROOT: optional(httpUrl("the Telegram Bot API")).default("https://api.telegram.org"),
  BOT_MODE: optional(z.enum(["polling", "webhook"], { error: "must be polling or webhook" })).default(
    "polling",
  ),
  PUBLIC_URL: optional(httpUrl("this bot's listener, as Telegram and people's phones reach it")),
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
  DEFAULT_PROVIDER: optional(
    z.enum(PROVIDER_NAMES as [ProviderName, ...ProviderName[]], {
      error: `must be ${PROVIDER_NAMES.join(" or ")}`,
    }),
  ),
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
  LOW_BALANCE_RUB: optional(rubles("the balance under which administrators are told to top up")),
  APPROVAL_THRESHOLD_RUB: optional(rubles("the amount above which every payment needs approval")).default(
    5_000_000,
  ),
  INVITE_TTL_SECONDS: optional(positiveInt("a positive number of seconds")).default(24 * 3600),
  MINIAPP_MAX_AGE_SECONDS: optional(positiveInt("a positive number of seconds")).default(3600),
  PROVIDER_HTTP_TIMEOUT_MS: optional(positiveInt("a positive number of milliseconds")).default(10_000),
  PROVIDER_HTTP_MAX_ATTEMPTS: optional(positiveInt("a positive number of attempts")).default(3),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })),
  LOG_FORMAT: optional(z.enum(["json", "pretty"], { error: "must be json or pretty" })),
};

/** Ours, and every provider's own variables (declared in its descriptor). */
const envSchema = z.object(
  Object.assign({}, baseEnv, ...PROVIDERS.map((d) => d.env)) as typeof baseEnv &
    (typeof SPEND_PROVIDERS | typeof RECEIVE_PROVIDERS)[number]["env"],
);

/**
 * Rules between variables, checked on the raw environment so they are reported together with
 * every other problem (zod skips object refinements once a field is invalid).
 */
function missingCombinations(source: RawEnv): string[] {
  const problems: string[] = [];
  if (source.BOT_MODE?.trim() === "webhook") {
    problems.push(...requireAll(source, ["PUBLIC_URL", "TELEGRAM_WEBHOOK_SECRET"], "when BOT_MODE=webhook"));
  }
  for (const descriptor of PROVIDERS) problems.push(...descriptor.requirements(source));
  const wanted = SPEND_PROVIDERS.find((d) => d.name === source.DEFAULT_PROVIDER?.trim());
  if (wanted) {
    // The variable that switches the provider on is its first secret (its API key).
    const key = wanted.secretVariables[0]!;
    problems.push(...requireAll(source, [key], `when DEFAULT_PROVIDER=${wanted.name}`));
  }
  return problems;
}

type Env = z.output<typeof envSchema>;

export type { ArdorConfig } from "./providers/ardor/descriptor.js";
export type { LincolnConfig } from "./providers/lincoln/descriptor.js";
export type { LumoConfig } from "./providers/lumo/descriptor.js";
export type { MerchantConfig } from "./providers/merchant/descriptor.js";
export type { MeridianConfig } from "./providers/meridian/descriptor.js";

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
  /** Every provider's configuration (undefined where it is off) and the default spend provider. */
  providers: ProviderConfigs & { default: ProviderName | undefined };
  log: { level: (typeof LOG_LEVELS)[number]; format: "json" | "pretty" };
  /** The company's time zone: card times, daily limits, exports. */
  timeZone: string;
  qr: { maxImageBytes: number; timeoutMs: number; threads: number | undefined; maxQueue: number | undefined };
  payments: { webhookGraceMs: number; pollInitialMs: number; pollMaxMs: number; timerTickMs: number };
  /** Defaults for people without their own limits (kopecks), and the company approval threshold. */
  limits: { perPaymentMinor: number; perDayMinor: number; approvalThresholdMinor: number };
  inviteTtlSeconds: number;
  /** LOW_BALANCE_RUB: administrators are told when a balance falls under it (else under a usual day). */
  lowBalanceRubMinor: number | undefined;
  /**
   * The Mini App scanner: its address (`PUBLIC_URL/app/scan`, undefined without PUBLIC_URL — then no
   * scanner button is shown) and how long a launch's initData is accepted.
   */
  miniApp: { url: string | undefined; maxAgeSeconds: number };
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
  const configs = Object.fromEntries(
    PROVIDERS.map((d) => [d.name, d.configure(env as never)]),
  ) as ProviderConfigs;
  // Notification and IPN addresses are built from PUBLIC_URL: without it money would arrive unseen.
  const needsPublicUrl = [...RECEIVE_PROVIDERS, ...EXCHANGERS].filter((d) => configs[d.name] !== undefined);
  if (needsPublicUrl.length > 0 && !env.PUBLIC_URL) {
    throw new ConfigError([
      `PUBLIC_URL is required when ${needsPublicUrl.map((d) => d.title).join(" or ")} is configured (notifications are sent to it)`,
    ]);
  }
  const firstOn = SPEND_PROVIDERS.find((d) => configs[d.name] !== undefined)?.name;
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
    providers: { ...configs, default: env.DEFAULT_PROVIDER ?? firstOn },
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
    lowBalanceRubMinor: env.LOW_BALANCE_RUB,
    miniApp: {
      url: env.PUBLIC_URL ? `${env.PUBLIC_URL}${MINIAPP_PATH}` : undefined,
      maxAgeSeconds: env.MINIAPP_MAX_AGE_SECONDS,
    },
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
    secrets: [
      ...SECRET_VARIABLES.map((name) => (env as Record<string, unknown>)[name]),
      redisPassword(env.REDIS_URL),
    ].filter((v): v is string => typeof v === "string" && v.length > 0),
  };
}

function redisPassword(url: string): string | undefined {
  const password = new URL(url).password;
  return password ? decodeURIComponent(password) : undefined;
}
