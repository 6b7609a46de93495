import { randomBytes } from "node:crypto";
import { freePort } from "../../src/lib/free-port.js";
import { buildSbpLink, type SbpType } from "../../src/payment-codes/index.js";
import { PAYMENT_ID_PATTERN } from "../../src/payments/ids.js";
import { encodeQrPng } from "../../src/qr/encode.js";
import { type ArdorSimulatorOptions, startArdorSimulator } from "../../src/sandbox/ardor/simulator.js";
import { ardorTarget, lumoTarget, payoutToSimulators } from "../../src/sandbox/lincoln/deposits.js";
import { type LincolnSimulatorOptions, startLincolnSimulator } from "../../src/sandbox/lincoln/simulator.js";
import { type LumoSimulatorOptions, startLumoSimulator } from "../../src/sandbox/lumo/simulator.js";
import {
  type MerchantSimulatorOptions,
  startMerchantSimulator,
} from "../../src/sandbox/merchant/simulator.js";
import {
  type MeridianSimulatorOptions,
  startMeridianSimulator,
} from "../../src/sandbox/meridian/simulator.js";
import {
  type ChatMessage,
  startTelegramEmulator,
  type UserHandle,
} from "../../src/sandbox/telegram/index.js";
import type { Role } from "../../src/store/types.js";
import { startTestApp, type TestApp } from "./app.js";
import { deleteByPrefix, type TestRedis, testRedis, uniquePrefix } from "./redis.js";
import { textOf, waitForBotMessage, waitForEdit } from "./telegram.js";

export const LUMO_KEY = "lumo-test-key-0123456789";
export const LUMO_WEBHOOK_SECRET = "lumo-webhook-secret-0123456789";
export const ARDOR_KEY = "sk_test_world_0123456789abcdef";
export const ARDOR_WEBHOOK_SECRET = "ardor-webhook-secret-0123456789";

export const MERIDIAN_KEY = "world_key_id:world-meridian-secret-0123";
export const MERIDIAN_TOKEN = "world-meridian-notification-token-0123456789";
export const MERCHANT_KEY = "world-merchant-key";
export const MERCHANT_SECRET = "world-merchant-secret-0123";

export const LINCOLN_PARTNER = "qrpay-world";
export const LINCOLN_ROUTE_LUMO = "65f0c0ffee0000000000a001";
export const LINCOLN_ROUTE_ARDOR = "65f0c0ffee0000000000a002";

export const WORLD_ADMIN_ID = 9_000_001;

export interface WorldOptions {
  name: string;
  env?: Record<string, string>;
  lumo?: Partial<LumoSimulatorOptions>;
  ardor?: Partial<ArdorSimulatorOptions>;
  meridian?: Partial<MeridianSimulatorOptions>;
  merchant?: Partial<MerchantSimulatorOptions>;
  lincoln?: Partial<LincolnSimulatorOptions>;
}

/**
 * Everything a payment touches, for real: the Telegram emulator, both provider simulators
 * (statuses settle only when a test says so), Redis under a fresh prefix, and the app wired as in
 * production, with the simulators' webhooks pointed at its listener.
 */
export async function startWorld(options: WorldOptions) {
  // PUBLIC_URL is plain http here, as Telegram's test environment allows for Mini Apps.
  const tg = await startTelegramEmulator({ allowHttpWebApps: true });
  const redis: TestRedis = await testRedis(`${options.name}-check`);
  const prefix = uniquePrefix(options.name);
  const fastRetry = { attempts: 8, baseDelayMs: 50, maxDelayMs: 400, timeoutMs: 2_000 };
  const lumo = await startLumoSimulator({
    apiKey: LUMO_KEY,
    webhookSecret: LUMO_WEBHOOK_SECRET,
    settleDelayMs: null,
    webhookRetry: fastRetry,
    ...options.lumo,
  });
  const ardor = await startArdorSimulator({
    apiKey: ARDOR_KEY,
    webhookSecret: ARDOR_WEBHOOK_SECRET,
    settleDelayMs: null,
    paymentFeeBps: 100,
    webhookRetry: fastRetry,
    ...options.ardor,
  });
  const meridian = await startMeridianSimulator({
    apiKey: MERIDIAN_KEY,
    settleDelayMs: null,
    webhookRetry: fastRetry,
    ...options.meridian,
  });
  const merchant = await startMerchantSimulator({
    apiKey: MERCHANT_KEY,
    apiSecret: MERCHANT_SECRET,
    settleDelayMs: null,
    webhookRetry: fastRetry,
    ...options.merchant,
  });
  // The exchanger pays out to the provider simulators' addresses, as the blockchain would.
  const lincoln = await startLincolnSimulator({
    partner: LINCOLN_PARTNER,
    payoutDelayMs: null,
    onPayout: payoutToSimulators([lumoTarget(lumo), ardorTarget(ardor)]),
    ...options.lincoln,
  });
  // Providers send notifications to PUBLIC_URL: the app's port is chosen before it starts, and kept.
  const port = await freePort();
  const env = {
    HTTP_PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LINCOLN_API_URL: lincoln.url,
    LINCOLN_PARTNER,
    LINCOLN_ROUTE_LUMO,
    LINCOLN_ROUTE_ARDOR,
    MERIDIAN_API_URL: meridian.url,
    MERIDIAN_API_KEY: MERIDIAN_KEY,
    MERIDIAN_NOTIFICATION_TOKEN: MERIDIAN_TOKEN,
    MERCHANT_API_URL: merchant.url,
    MERCHANT_API_KEY: MERCHANT_KEY,
    MERCHANT_API_SECRET: MERCHANT_SECRET,
    LUMO_API_URL: lumo.url,
    LUMO_API_KEY: LUMO_KEY,
    LUMO_WEBHOOK_SECRET,
    ARDOR_API_URL: ardor.url,
    ARDOR_API_KEY: ARDOR_KEY,
    ARDOR_WEBHOOK_SECRET,
    DEFAULT_PROVIDER: "lumo",
    ADMIN_IDS: String(WORLD_ADMIN_ID),
    PROVIDER_HTTP_TIMEOUT_MS: "2000",
    ...options.env,
  };
  const logs: string[] = [];

  let app: TestApp | undefined;
  const world = {
    tg,
    lumo,
    ardor,
    meridian,
    merchant,
    lincoln,
    redis,
    prefix,
    logs,
    get app(): TestApp {
      if (!app) throw new Error("the app is not running");
      return app;
    },
    async startApp(extraEnv: Record<string, string> = {}) {
      app = await startTestApp({ tg, prefix, env: { ...env, ...extraEnv }, logs });
      lumo.controls.setWebhookUrl({ url: `${app.app.httpUrl}/webhooks/lumo` });
      ardor.controls.setWebhookUrl({ url: `${app.app.httpUrl}/webhooks/ardor` });
      merchant.controls.setWebhookUrl({ url: `${app.app.httpUrl}/webhooks/merchant` });
      return app;
    },
    async stopApp() {
      await app?.stop();
      app = undefined;
    },
    /** Someone on the team (a payer unless said otherwise), registered as an invite would. */
    async member(first_name: string, options: { role?: Role; language_code?: string; id?: number } = {}) {
      const user = tg.createUser({
        first_name,
        language_code: options.language_code ?? "ru",
        ...(options.id ? { id: options.id } : {}),
      });
      await world.app.app.stores.people.put({
        id: user.id,
        name: first_name,
        role: options.role ?? "payer",
        addedAt: Date.now(),
        addedBy: WORLD_ADMIN_ID,
      });
      return user;
    },
    async stop() {
      await world.stopApp();
      await lumo.close();
      await ardor.close();
      await meridian.close();
      await merchant.close();
      await lincoln.close();
      await tg.close();
      await deleteByPrefix(redis.client, prefix);
      await redis.cleanup();
    },
  };
  await world.startApp();
  // The administrator has talked to the bot, so it may write to them (approvals, deposits).
  const admin = tg.createUser({ id: WORLD_ADMIN_ID, first_name: "Админ", language_code: "ru" });
  const mark = tg.mark();
  await admin.sendText("/start");
  await waitForBotMessage(tg, admin, { since: mark });
  return Object.assign(world, { admin });
}

export type World = Awaited<ReturnType<typeof startWorld>>;

/** A fresh SBP link with a valid CRC (a new QRC id each time, as every till prints). */
export function sbpLink(input: { sumMinor?: number; type?: SbpType; bankId?: string } = {}): string {
  const qrcId = `AD${randomBytes(12).toString("hex").toUpperCase().slice(0, 22)}`;
  return buildSbpLink({
    qrcId,
    type: input.type ?? "02",
    bankId: input.bankId ?? "100000000111",
    ...(input.sumMinor !== undefined ? { sumMinor: input.sumMinor, currency: "RUB" } : {}),
  });
}

export const qrPhoto = async (text: string) => Buffer.from(await encodeQrPng(text, 600));

const isCard = (m: ChatMessage) => /Оплата по QR|QR payment/.test(textOf(m));

/**
 * Sends a photo of the code and waits until the bot's status message has become the quote card
 * (or whatever final answer `until` expects). Returns that message.
 */
export async function scan(
  world: World,
  user: UserHandle,
  text: string,
  options: { chat?: number; until?: (m: ChatMessage) => boolean; caption?: string } = {},
): Promise<ChatMessage> {
  const chat = options.chat ?? user.privateChatId;
  const mark = world.tg.mark();
  await user.sendPhoto(await qrPhoto(text), {
    ...(options.chat ? { chat: options.chat } : {}),
    ...(options.caption ? { caption: options.caption } : {}),
  });
  // The bot's "🔎 …" message (not a late notification about an earlier payment) becomes the card.
  const status = await waitForBotMessage(world.tg, chat, {
    since: mark,
    text: /🔎|Ваш Telegram ID|наблюдатель/,
    timeoutMs: 10_000,
  });
  return waitForEdit(world.tg, chat, status, options.until ?? isCard, { timeoutMs: 10_000 });
}

/** The newest version of a bot message. */
export function current(world: World, chat: number, message: ChatMessage): ChatMessage {
  const found = world.tg.chatMessages(chat).find((m) => m.messageId === message.messageId);
  if (!found) throw new Error(`message ${message.messageId} is gone`);
  return found;
}

/** Waits until the card shows text matching `pattern`. */
export function cardShows(
  world: World,
  chat: number,
  card: ChatMessage,
  pattern: RegExp,
  timeoutMs = 10_000,
) {
  return waitForEdit(world.tg, chat, card, (m) => pattern.test(textOf(m)), { timeoutMs });
}

/** The payment id printed on a card. */
export function paymentIdOf(card: ChatMessage): string {
  const id = new RegExp(PAYMENT_ID_PATTERN).exec(textOf(card))?.[0];
  if (!id) throw new Error(`no payment id on: ${textOf(card)}`);
  return id;
}

/** Bot messages (other than the card) that arrived in a chat after `mark`. */
export function messagesSince(world: World, chat: number, mark: number): ChatMessage[] {
  const ids = new Set<number>();
  for (const e of world.tg.eventsSince(mark))
    if (e.type === "message" && e.chatId === chat) ids.add(e.message.messageId);
  return world.tg.botMessages(chat).filter((m) => ids.has(m.messageId));
}
