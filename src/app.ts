import { type RunnerHandle, run } from "@grammyjs/runner";
import { type Bot, webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import { publishCommands } from "./bot/commands.js";
import type { BotContext, SessionData } from "./bot/context.js";
import { publishMenuButton } from "./bot/features/miniapp.js";
import { LOCALES } from "./bot/i18n.js";
import { type CreatedBot, createBot } from "./bot/index.js";
import { type Config, MINIAPP_PATH } from "./config.js";
import { BackgroundTasks } from "./lib/background-tasks.js";
import { startTimerLoop } from "./lifecycle/timer-loop.js";
import type { Logger } from "./logger.js";
import { loadMiniAppAssets, TELEGRAM_WEB_APP_SCRIPT } from "./miniapp/page.js";
import type { PaymentService } from "./payments/service.js";
import type { PaymentRecord } from "./payments/types.js";
import { encodeQrPng } from "./qr/encode.js";
import { createQrDecoderPool } from "./qr/pool.js";
import { createRequestHandler, type RunningServer, startHttpServer } from "./server/index.js";
import { miniAppRoutes } from "./server/miniapp.js";
import { createRedisStores } from "./store/redis/index.js";
import type { Stores } from "./store/types.js";
import { buildServices } from "./wiring/services.js";
import { buildWebhooks } from "./wiring/webhooks.js";

export const TELEGRAM_WEBHOOK_PATH = "/telegram/webhook";
const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

export interface App {
  readonly bot: CreatedBot["bot"];
  readonly service: PaymentService;
  readonly stores: Stores<PaymentRecord>;
  /** The embedded listener's base URL (known after start). */
  readonly httpUrl: string;
  start(): Promise<void>;
  /** Stops taking updates, lets in-flight work finish (bounded), closes the listener and the stores. */
  stop(): Promise<void>;
  /** Resolves when polling dies for good (401 wrong token, 409 another instance polls). */
  readonly fatal: Promise<Error>;
}

export interface AppOptions {
  /** Storage other than the configured Redis (the playground's in-memory stores). */
  stores?: Stores<PaymentRecord>;
}

/**
 * Everything `main.ts` starts, built from a config; tests build it with other URLs and prefixes.
 * Without `options.stores` it connects to Redis and refuses to start when Redis does not answer.
 */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const stores =
    options.stores ??
    (await createRedisStores<PaymentRecord>({
      url: config.redis.url,
      prefix: config.redis.prefix,
      sessionTtlSeconds: config.sessionTtlSeconds,
      logger,
    }));
  const inFlight = new BackgroundTasks(logger);
  const background = new BackgroundTasks(logger);

  const services = buildServices(config, stores, logger, (name, work) => background.run(name, work));
  const service = services.payments;
  const qr = createQrDecoderPool({
    timeoutMs: config.qr.timeoutMs,
    maxBytes: config.qr.maxImageBytes,
    ...(config.qr.threads ? { threads: config.qr.threads } : {}),
    ...(config.qr.maxQueue ? { maxQueue: config.qr.maxQueue } : {}),
  });

  const sessionStorage = stores.sessions<SessionData>("session");
  const { bot, i18n, commands, lastHandledUpdateId, scanFromMiniApp } = createBot({
    token: config.bot.token,
    apiRoot: config.bot.apiRoot,
    logger,
    inFlight,
    sessionStorage,
    conversationStorage: stores.sessions<unknown>("conversation"),
    service,
    invoices: services.invoices,
    topups: services.topups,
    onRunwayAlert: services.onRunwayAlert,
    onOutageAlert: services.onOutageAlert,
    qr,
    renderQr: (text) => encodeQrPng(text),
    team: services.team,
    audit: services.audit,
    company: config.limits,
    timeZone: config.timeZone,
    defaultProvider: config.providers.default,
    maxFileBytes: config.qr.maxImageBytes,
    miniAppUrl: config.miniApp.url,
  });
  const miniApp = {
    path: MINIAPP_PATH,
    routes: miniAppRoutes({
      assets: loadMiniAppAssets({
        telegramScript: TELEGRAM_WEB_APP_SCRIPT,
        text: (locale, key) => i18n.t(locale, key),
        locales: LOCALES,
      }),
      botToken: config.bot.token,
      maxAgeSeconds: config.miniApp.maxAgeSeconds,
      launches: stores.miniAppLaunches,
      scan: scanFromMiniApp,
    }),
  };

  const providerWebhooks = buildWebhooks(services, stores);
  let timerLoop: { stop(): Promise<void> } | undefined;

  let stopping = false;
  let server: RunningServer | undefined;
  let runner: RunnerHandle | undefined;
  let reportFatal: (err: Error) => void = () => {};
  const fatal = new Promise<Error>((resolve) => {
    reportFatal = resolve;
  });

  const http = createRequestHandler({
    logger,
    bodyLimitBytes: config.http.bodyLimitBytes,
    readiness: async () => ({ storage: await stores.healthy(), bot: bot.isInited(), accepting: !stopping }),
    providerWebhooks,
    miniApp,
    ...(config.bot.mode === "webhook" && config.bot.webhookSecret
      ? {
          telegram: {
            path: TELEGRAM_WEBHOOK_PATH,
            secret: config.bot.webhookSecret,
            handle: telegramWebhook(bot),
          },
        }
      : {}),
  });

  return {
    bot,
    service,
    stores,
    get httpUrl() {
      if (!server) throw new Error("the app has not started");
      return server.url;
    },
    fatal,

    async start() {
      await bot.init();
      logger.info({ bot: bot.botInfo.username, mode: config.bot.mode }, "bot identity confirmed");
      if (config.bot.publicUrl?.startsWith("http://"))
        logger.warn(
          { publicUrl: config.bot.publicUrl },
          "PUBLIC_URL is http://: fine for local runs and tests, but Telegram opens Mini Apps (and sends webhooks) only over https",
        );
      server = await startHttpServer(http, config.http);
      logger.info(
        { url: server.url, providers: service.providerNames, receive: services.invoices.providerNames },
        "http listener started",
      );
      if (config.bot.publicUrl?.startsWith("http://")) {
        logger.warn(
          { publicUrl: config.bot.publicUrl },
          "PUBLIC_URL is plain http: fine for local runs, but Telegram and the providers need https",
        );
      }
      const open = await services.resume();
      timerLoop = startTimerLoop({
        timers: stores.timers,
        handlers: services.timerHandlers(),
        logger,
        tickMs: config.payments.timerTickMs,
        leaseMs: 60_000,
      });
      logger.info({ open }, "timers running");
      await publishCommands(bot.api, i18n, commands, await services.team.admins(), (adminId, err) =>
        logger.info({ adminId, err }, "administrator menu not set (they have not written to the bot yet)"),
      ).catch((err) => logger.warn({ err }, "could not publish the command menu"));
      await publishMenuButton(bot.api, i18n, config.miniApp.url).then(
        (menu) => logger.info({ menu, miniApp: config.miniApp.url ?? null }, "chat menu button"),
        (err) => logger.warn({ err }, "could not set the chat menu button"),
      );
      if (config.bot.mode === "webhook") {
        await bot.api.setWebhook(`${config.bot.publicUrl}${TELEGRAM_WEBHOOK_PATH}`, {
          secret_token: config.bot.webhookSecret,
          allowed_updates: [...ALLOWED_UPDATES],
        });
        logger.info("telegram webhook set");
        return;
      }
      // A webhook left over from an earlier deployment would make getUpdates fail with 409.
      await bot.api.deleteWebhook();
      runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
      runner.task()?.catch((err: Error) => {
        if (stopping) return;
        logger.fatal({ err }, "polling stopped");
        reportFatal(err);
      });
      logger.info("polling for updates");
    },

    async stop() {
      if (stopping) return;
      stopping = true;
      const deadline = Date.now() + config.shutdownTimeoutMs;
      const left = () => Math.max(0, deadline - Date.now());
      logger.info("shutting down");
      if (runner?.isRunning()) await runner.stop();
      const drained = await inFlight.drain(left());
      const handled = lastHandledUpdateId();
      if (!drained)
        logger.warn(
          { updates: inFlight.size },
          "updates still running at shutdown; Telegram will resend them",
        );
      else if (runner && handled !== undefined) {
        // Confirm what was handled, so the next start does not receive those updates again.
        await bot.api.getUpdates({ offset: handled + 1, limit: 1, timeout: 0 }).catch(() => {});
      }
      await server?.close(Math.min(left(), 5_000));
      await timerLoop?.stop();
      if (!(await background.drain(left())))
        logger.warn({ tasks: background.size }, "background work cut short");
      await qr.close();
      await stores.close();
      logger.info("stopped");
    },
  };
}

/**
 * grammY's webhook handling for an update the listener has already authenticated and parsed.
 * A slow update answers Telegram after 9 s and keeps running, so Telegram does not resend it.
 */
function telegramWebhook(bot: Bot<BotContext>): (update: unknown) => Promise<unknown> {
  const handle = webhookCallback(bot, "callback", { onTimeout: "return", timeoutMilliseconds: 9_000 });
  return (update) => handle(update as Update, () => {});
}
