import { createRequire } from "node:module";
import { type Config, MINIAPP_PATH, parseConfig } from "../config.js";
import { PEOPLE } from "./people.js";

/**
 * The playground's fixed development credentials: the emulator and the simulators are started
 * with them and the real app is configured with them. They open nothing outside this process.
 */
export const PLAYGROUND_CREDENTIALS = {
  botToken: "7000000001:AAplayground-local-emulator-only",
  lumoApiKey: "lumo-playground-key",
  lumoWebhookSecret: "lumo-playground-webhook-secret",
  ardorApiKey: "sk_test_playground",
  ardorWebhookSecret: "ardor-playground-webhook-secret",
  meridianApiKey: "playground_key:meridian-playground-secret",
  meridianNotificationToken: "meridian-playground-notification-token-0123",
  merchantApiKey: "merchant-playground-key",
  merchantApiSecret: "merchant-playground-secret",
  lincolnPartner: "qrpay-playground",
  lincolnRouteLumo: "65f0c0ffee00000000001001",
  lincolnRouteArdor: "65f0c0ffee00000000001002",
} as const;

const PLAYGROUND_REDIS_PREFIX = "qrpay-playground";

/** Replaced by the real addresses once the emulator and the simulators listen (port 0). */
const NOT_YET_LISTENING = "http://127.0.0.1";

/**
 * Defaults that suit someone watching: a dropped webhook recovered by polling
 * within seconds rather than a minute (and readable logs, below).
 */
const DEMO_DEFAULTS = { WEBHOOK_GRACE_MS: "5000", POLL_INITIAL_MS: "2000" };

/** pino-pretty is a dev dependency: there in a source checkout, not in the production image. */
function prettyLogsAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}

/**
 * The app's configuration in the playground: the person's environment for what is theirs to choose
 * (logging, REDIS_URL, time zone, limits…), the playground's for who the bot talks to. A real
 * BOT_TOKEN or provider key in `.env` is never used here.
 */
export function playgroundConfig(env: Record<string, string | undefined>): Config {
  const admin = PEOPLE.find((p) => p.key === "admin")!;
  // An empty variable (a copied .env.example) means "not set", so the demo defaults still apply.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  return parseConfig({
    ...DEMO_DEFAULTS,
    ...(prettyLogsAvailable() ? { LOG_FORMAT: "pretty" } : {}),
    ...given,
    BOT_TOKEN: PLAYGROUND_CREDENTIALS.botToken,
    TELEGRAM_API_ROOT: NOT_YET_LISTENING,
    BOT_MODE: "polling",
    TELEGRAM_WEBHOOK_SECRET: undefined,
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    REDIS_PREFIX: PLAYGROUND_REDIS_PREFIX,
    ADMIN_IDS: String(admin.id),
    DEFAULT_PROVIDER: "lumo",
    LUMO_API_URL: NOT_YET_LISTENING,
    LUMO_API_KEY: PLAYGROUND_CREDENTIALS.lumoApiKey,
    LUMO_WEBHOOK_SECRET: PLAYGROUND_CREDENTIALS.lumoWebhookSecret,
    ARDOR_API_URL: NOT_YET_LISTENING,
    ARDOR_API_KEY: PLAYGROUND_CREDENTIALS.ardorApiKey,
    ARDOR_WEBHOOK_SECRET: PLAYGROUND_CREDENTIALS.ardorWebhookSecret,
    MERIDIAN_API_URL: NOT_YET_LISTENING,
    MERIDIAN_API_KEY: PLAYGROUND_CREDENTIALS.meridianApiKey,
    MERIDIAN_NOTIFICATION_TOKEN: PLAYGROUND_CREDENTIALS.meridianNotificationToken,
    MERCHANT_API_URL: NOT_YET_LISTENING,
    MERCHANT_API_KEY: PLAYGROUND_CREDENTIALS.merchantApiKey,
    MERCHANT_API_SECRET: PLAYGROUND_CREDENTIALS.merchantApiSecret,
    PUBLIC_URL: NOT_YET_LISTENING,
    LINCOLN_API_URL: NOT_YET_LISTENING,
    LINCOLN_PARTNER: PLAYGROUND_CREDENTIALS.lincolnPartner,
    LINCOLN_ROUTE_LUMO: PLAYGROUND_CREDENTIALS.lincolnRouteLumo,
    LINCOLN_ROUTE_ARDOR: PLAYGROUND_CREDENTIALS.lincolnRouteArdor,
    // The exchanger's payment page is the sandbox's own: nothing on the real exchanger is opened.
    LINCOLN_PAYMENT_PAGE_URL: NOT_YET_LISTENING,
  });
}

export interface PlaygroundEndpoints {
  telegramApiRoot: string;
  lumoUrl: string;
  ardorUrl: string;
  meridianUrl: string;
  merchantUrl: string;
  lincolnUrl: string;
  /**
   * The web chat's address: it serves the bot's Mini App and passes provider notifications on to
   * the bot's listener (as a reverse proxy would), so it is the bot's PUBLIC_URL here.
   */
  publicUrl: string;
}

/** The configuration pointed at the running emulator and simulators. */
export function withEndpoints(config: Config, endpoints: PlaygroundEndpoints): Config {
  const { lumo, ardor, meridian, merchant } = config.providers;
  if (!lumo || !ardor || !meridian || !merchant)
    throw new Error("the playground configuration has every provider");
  return {
    ...config,
    bot: { ...config.bot, apiRoot: endpoints.telegramApiRoot, publicUrl: endpoints.publicUrl },
    miniApp: { ...config.miniApp, url: `${endpoints.publicUrl}${MINIAPP_PATH}` },
    providers: {
      ...config.providers,
      lumo: { ...lumo, apiUrl: endpoints.lumoUrl },
      ardor: { ...ardor, apiUrl: endpoints.ardorUrl },
      meridian: { ...meridian, apiUrl: endpoints.meridianUrl },
      merchant: { ...merchant, apiUrl: endpoints.merchantUrl },
      ...(config.providers.lincoln
        ? {
            lincoln: {
              ...config.providers.lincoln,
              apiUrl: endpoints.lincolnUrl,
              paymentPageUrl: `${endpoints.publicUrl}/exchanger`,
            },
          }
        : {}),
    },
  };
}
