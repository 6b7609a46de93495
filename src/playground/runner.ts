import type { App } from "../app.js";
import { createApp } from "../app.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { type ArdorSimulator, startArdorSimulator } from "../sandbox/ardor/simulator.js";
import { ardorTarget, lumoTarget, payoutToSimulators } from "../sandbox/lincoln/deposits.js";
import { type LincolnSimulator, startLincolnSimulator } from "../sandbox/lincoln/simulator.js";
import { type LumoSimulator, startLumoSimulator } from "../sandbox/lumo/simulator.js";
import { type MerchantSimulator, startMerchantSimulator } from "../sandbox/merchant/simulator.js";
import { type MeridianSimulator, startMeridianSimulator } from "../sandbox/meridian/simulator.js";
import { startTelegramEmulator, type TelegramEmulator } from "../sandbox/telegram/index.js";
import { ChatLog } from "./chat-log.js";
import { PLAYGROUND_CREDENTIALS, withEndpoints } from "./config.js";
import { ExchangePanel } from "./exchange-panel.js";
import { LiveFeed } from "./live.js";
import { PlaygroundMiniApp } from "./miniapp.js";
import { SandboxPanel } from "./panel.js";
import { createPeople, openAdminChat, type PlaygroundPeople, setUpTeam } from "./people.js";
import { ReceivePanel } from "./receive-panel.js";
import { createSamplePhotos } from "./samples.js";
import { startPageServer } from "./server.js";
import { playgroundStores } from "./storage.js";

export interface PlaygroundOptions {
  /** From `playgroundConfig(env)`. */
  config: Config;
  logger: Logger;
  /** The web chat's address; port 0 picks a free one. */
  host: string;
  port: number;
  /** "auto" (default): Redis when it answers at the configured URL, else memory. */
  storage?: "auto" | "memory";
  /** From Pay to ✅ in the simulators. Default 1.5 s: long enough to see ⏳, short enough to wait. */
  settleDelayMs?: number;
}

export interface Playground {
  /** The web chat, e.g. http://127.0.0.1:3000. */
  url: string;
  storage: "redis" | "memory";
  tg: TelegramEmulator;
  lumo: LumoSimulator;
  ardor: ArdorSimulator;
  meridian: MeridianSimulator;
  merchant: MerchantSimulator;
  lincoln: LincolnSimulator;
  app: App;
  people: PlaygroundPeople;
  stop(): Promise<void>;
}

const WEBHOOK_RETRY = { attempts: 8, baseDelayMs: 200, maxDelayMs: 2_000, timeoutMs: 5_000 };

/**
 * Starts, in this process, what `npm start` without a bot token shows: the Telegram Bot API
 * emulator, the Lumo and ArdorQR simulators (signed webhooks to the app's real listener), the real
 * app polling the emulator, the three people (the payer invited through the bot), and the web chat.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const { config, logger } = options;
  const settleDelayMs = options.settleDelayMs ?? 1_500;
  const lumoConfig = config.providers.lumo;
  const ardorConfig = config.providers.ardor;
  if (!lumoConfig || !ardorConfig) throw new Error("use playgroundConfig() for the playground's config");
  // Undone in reverse if a later step fails, and by stop().
  const closers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };

  try {
    const tg = await startTelegramEmulator({
      bots: [
        { token: PLAYGROUND_CREDENTIALS.botToken, username: "qrpay_playground_bot", firstName: "QR Pay" },
      ],
      logger,
      // The Mini App is served over http on loopback, as Telegram's test environment allows.
      allowHttpWebApps: true,
    });
    closers.push(() => tg.close());
    const simulator = { settleDelayMs, webhookRetry: WEBHOOK_RETRY, logger };
    const lumo = await startLumoSimulator({
      apiKey: lumoConfig.apiKey,
      webhookSecret: lumoConfig.webhookSecret,
      ...simulator,
    });
    closers.push(() => lumo.close());
    const ardor = await startArdorSimulator({
      apiKey: ardorConfig.apiKey,
      webhookSecret: ardorConfig.webhookSecret,
      paymentFeeBps: 50,
      ...simulator,
    });
    closers.push(() => ardor.close());
    const meridianConfig = config.providers.meridian;
    const merchantConfig = config.providers.merchant;
    if (!meridianConfig || !merchantConfig)
      throw new Error("use playgroundConfig() for the playground's config");
    // The customer "pays" from the sandbox panel; invoices do not settle by themselves.
    const receiving = { settleDelayMs: null, webhookRetry: WEBHOOK_RETRY, logger };
    const meridian = await startMeridianSimulator({ apiKey: meridianConfig.apiKey, ...receiving });
    closers.push(() => meridian.close());
    const merchant = await startMerchantSimulator({
      apiKey: merchantConfig.apiKey,
      apiSecret: merchantConfig.apiSecret,
      ...receiving,
    });
    closers.push(() => merchant.close());
    // The exchanger pays out to the provider simulators' addresses, as the blockchain would; the
    // person says when (the panel's «выплачено»).
    const lincoln = await startLincolnSimulator({
      partner: PLAYGROUND_CREDENTIALS.lincolnPartner,
      payoutDelayMs: null,
      onPayout: payoutToSimulators([lumoTarget(lumo), ardorTarget(ardor)]),
      logger,
    });
    closers.push(() => lincoln.close());

    const samples = await createSamplePhotos();
    const stores = await playgroundStores({
      mode: options.storage ?? "auto",
      redisUrl: config.redis.url,
      prefix: config.redis.prefix,
      sessionTtlSeconds: config.sessionTtlSeconds,
      logger,
    });
    // The app closes the stores when it stops; this closes them if the app never got that far.
    closers.push(() => stores.close());
    if (stores.kind === "memory")
      logger.warn(
        "playground: no Redis answers at REDIS_URL, so data is kept in memory until the process ends",
      );
    else logger.info({ prefix: config.redis.prefix }, "playground: data is kept in Redis");

    const people = createPeople(tg);
    if (stores.kind === "redis") {
      // The chats come back before anyone writes, so the bot's cards keep their message ids.
      const chatLog = await ChatLog.open({
        tg,
        chatIds: Object.values(people).map((p) => p.id),
        redisUrl: config.redis.url,
        prefix: config.redis.prefix,
        logger,
      });
      closers.push(() => chatLog.close());
      const restored = await chatLog.restore();
      if (restored.messages > 0) logger.info(restored, "playground: the chats of the last run are back");
      chatLog.follow();
    }
    // The page listens first: its address is the bot's PUBLIC_URL, where the Mini App is served.
    let app: App | undefined;
    const listenerUrl = () => {
      if (!app) throw new Error("the bot is still starting");
      return app.httpUrl;
    };
    const feed = new LiveFeed(tg, people);
    const page = await startPageServer(
      {
        tg,
        people,
        samples,
        feed,
        panel: new SandboxPanel(lumo, ardor),
        receivePanel: new ReceivePanel(meridian, merchant),
        exchangePanel: new ExchangePanel(lincoln),
        miniApp: new PlaygroundMiniApp(listenerUrl),
        listenerUrl,
        storage: stores.kind,
        logger,
      },
      { host: options.host, port: options.port },
    );
    closers.push(() => page.close());
    const adminOpenedAt = await openAdminChat(tg, people);
    const started = await createApp(
      withEndpoints(config, {
        telegramApiRoot: tg.apiRoot,
        lumoUrl: lumo.url,
        ardorUrl: ardor.url,
        meridianUrl: meridian.url,
        merchantUrl: merchant.url,
        lincolnUrl: lincoln.url,
        publicUrl: page.url,
      }),
      logger,
      { stores },
    );
    app = started;
    closers.push(() => started.stop());
    await started.start();
    lumo.controls.setWebhookUrl({ url: `${started.httpUrl}/webhooks/lumo` });
    ardor.controls.setWebhookUrl({ url: `${started.httpUrl}/webhooks/ardor` });
    merchant.controls.setWebhookUrl({ url: `${started.httpUrl}/webhooks/merchant` });

    const team = await setUpTeam(tg, people, { registered: stores.people, adminOpenedAt });
    logger.info({ payer: team }, "playground: the team is set up through the bot");

    return {
      url: page.url,
      storage: stores.kind,
      tg,
      lumo,
      ardor,
      meridian,
      merchant,
      lincoln,
      app: started,
      people,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
