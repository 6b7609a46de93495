import type { Update, WebhookInfo } from "grammy/types";
import { badRequest, conflict, Errors } from "./errors.js";
import { Described, type Handler } from "./handler.js";
import type { Params } from "./params.js";
import type { BotState, HeldPoll, World } from "./state.js";
import type { WebhookSender } from "./webhook.js";

/** Telegram holds a long poll for at most this long, whatever timeout the bot asks for. */
const MAX_POLL_SECONDS = 50;

function readAllowedUpdates(params: Params): string[] | undefined {
  const raw = params.json("allowed_updates");
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || !raw.every((t) => typeof t === "string")) {
    throw badRequest("can't parse allowed_updates JSON object");
  }
  return raw;
}

function setAllowedUpdates(bot: BotState, allowed: string[] | undefined): void {
  // Omitted: keep the previous setting. Empty list: back to Telegram's default set.
  if (allowed !== undefined) bot.allowedUpdates = allowed.length > 0 ? allowed : undefined;
}

/** Forgets updates the bot confirmed: those below `offset`, or all but the last -offset. */
function confirm(bot: BotState, offset: number | undefined): void {
  if (offset === undefined || offset === 0) return;
  const keep =
    offset > 0
      ? bot.queue.filter((u) => u.update_id >= offset)
      : bot.queue.slice(Math.max(0, bot.queue.length + offset));
  bot.queue.splice(0, bot.queue.length, ...keep);
}

/** Pending updates the bot may receive, oldest first; drops the ones allowed_updates now excludes. */
export function deliverable(world: World, bot: BotState): Update[] {
  const allowed = bot.queue.filter((u) => world.isAllowed(bot, u));
  if (allowed.length !== bot.queue.length) bot.queue.splice(0, bot.queue.length, ...allowed);
  return allowed;
}

const getUpdates: Handler = ({ world, bot, params, signal }) => {
  if (bot.webhook) throw Errors.webhookActive();
  const offset = params.int("offset");
  const limit = Math.min(Math.max(params.int("limit") ?? 100, 1), 100);
  const timeout = Math.min(Math.max(params.int("timeout") ?? 0, 0), MAX_POLL_SECONDS);
  setAllowedUpdates(bot, readAllowedUpdates(params));
  confirm(bot, offset);
  bot.poll?.terminate(Errors.pollConflict());

  const take = () => structuredClone(deliverable(world, bot).slice(0, limit));
  const ready = take();
  if (ready.length > 0 || timeout === 0 || signal.aborted) return ready;

  return new Promise<Update[]>((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      bot.wakers.delete(wake);
      signal.removeEventListener("abort", release);
      if (bot.poll === held) bot.poll = undefined;
      settle();
    };
    const wake = () => {
      const updates = take();
      if (updates.length > 0) finish(() => resolve(updates));
    };
    const release = () => finish(() => resolve([]));
    const held: HeldPoll = { terminate: (error) => finish(() => reject(error)), release };
    const timer = setTimeout(release, timeout * 1000);
    bot.poll = held;
    bot.wakers.add(wake);
    signal.addEventListener("abort", release);
  });
};

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

const setWebhook: Handler = ({ webhooks, bot, params }) => {
  const url = params.string("url") ?? "";
  if (url === "") return removeWebhook(bot, params, webhooks);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest("invalid webhook URL specified");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  }
  if (!LOOPBACK_HOSTS.has(parsed.hostname) && !parsed.hostname.startsWith("127.")) {
    throw badRequest(
      "bad webhook: the Telegram emulator only delivers to loopback addresses (127.0.0.1, ::1, localhost)",
    );
  }
  const secretToken = params.string("secret_token");
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
    throw badRequest("secret token contains unallowed characters");
  }
  const maxConnections = params.int("max_connections") ?? 40;
  if (maxConnections < 1 || maxConnections > 100) throw badRequest("invalid max_connections specified");
  setAllowedUpdates(bot, readAllowedUpdates(params));
  if (params.bool("drop_pending_updates")) bot.queue.length = 0;

  const unchanged = bot.webhook?.url === url && bot.webhook.secretToken === secretToken;
  bot.poll?.terminate(conflict("terminated by setWebhook request"));
  bot.webhook = { ...bot.webhook, url, secretToken, maxConnections, delivered: bot.webhook?.delivered ?? 0 };
  webhooks.start(bot);
  return new Described(true, unchanged ? "Webhook is already set" : "Webhook was set");
};

function removeWebhook(bot: BotState, params: Params, webhooks: WebhookSender): Described {
  if (params.bool("drop_pending_updates")) bot.queue.length = 0;
  const had = bot.webhook !== undefined;
  bot.webhook = undefined;
  webhooks.stop(bot);
  return new Described(true, had ? "Webhook was deleted" : "Webhook is already deleted");
}

const deleteWebhook: Handler = ({ webhooks, bot, params }) => removeWebhook(bot, params, webhooks);

const getWebhookInfo: Handler = ({ world, bot }): WebhookInfo => {
  const pending = deliverable(world, bot).length;
  const hook = bot.webhook;
  if (!hook) return { url: "", has_custom_certificate: false, pending_update_count: pending };
  const info: WebhookInfo = {
    url: hook.url,
    has_custom_certificate: false,
    pending_update_count: pending,
    ip_address: "127.0.0.1",
    max_connections: hook.maxConnections,
  };
  if (hook.lastErrorDate !== undefined) info.last_error_date = hook.lastErrorDate;
  if (hook.lastErrorMessage !== undefined) info.last_error_message = hook.lastErrorMessage;
  if (bot.allowedUpdates) info.allowed_updates = [...bot.allowedUpdates] as WebhookInfo["allowed_updates"];
  return info;
};

export const updateMethods: Record<string, Handler> = {
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
};
