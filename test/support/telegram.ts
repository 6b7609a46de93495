import type {
  ApiCall,
  BotRef,
  CallbackAnswer,
  ChatMessage,
  ChatRef,
  EmulatorEvent,
  TelegramEmulator,
} from "../../src/sandbox/telegram/index.js";

/**
 * Waits on the Telegram emulator for what the bot does. Every wait looks at the emulator's event log
 * from `since` (a `tg.mark()` taken before acting) and then at live events, so output that arrived
 * before the wait started is not missed:
 *
 *   const mark = tg.mark();
 *   await alice.sendText("/start");
 *   const reply = await waitForBotMessage(tg, alice, { since: mark });
 *
 * Without `since`, only output after the call counts. A timeout fails with what the bot did send.
 */

export const DEFAULT_WAIT_MS = 5_000;

export interface WaitOptions {
  /** A `tg.mark()`: also consider what happened after it. Default: from the moment of the call. */
  since?: number;
  /** Default {@link DEFAULT_WAIT_MS}. */
  timeoutMs?: number;
  /** Which bot, when the emulator serves several. */
  bot?: BotRef;
}

export interface MessageWaitOptions extends WaitOptions {
  /** The text (or caption) contains this string, or matches this RegExp. */
  text?: string | RegExp;
  match?: (message: ChatMessage) => boolean;
}

const chatIdOf = (chat: ChatRef): number => (typeof chat === "number" ? chat : chat.id);

/** The text or caption of a message ("" when it has none). */
export function textOf(message: ChatMessage): string {
  return message.text ?? "";
}

/** The inline buttons of a message, row by row flattened, as `{ text, data?, url? }`. */
export function buttonsOf(message: ChatMessage): { text: string; data?: string; url?: string }[] {
  const markup = message.replyMarkup;
  if (!markup || !("inline_keyboard" in markup)) return [];
  return markup.inline_keyboard.flat().map((b) => ({
    text: b.text,
    ...("callback_data" in b && b.callback_data !== undefined ? { data: b.callback_data } : {}),
    ...("url" in b && b.url !== undefined ? { url: b.url } : {}),
  }));
}

function textMatches(message: ChatMessage, wanted: string | RegExp | undefined): boolean {
  if (wanted === undefined) return true;
  const text = textOf(message);
  return typeof wanted === "string" ? text.includes(wanted) : wanted.test(text);
}

/** Resolves with the first bot message in the chat (after `since`) that matches. */
export function waitForBotMessage(
  tg: TelegramEmulator,
  chat: ChatRef,
  options: MessageWaitOptions = {},
): Promise<ChatMessage> {
  const chatId = chatIdOf(chat);
  const botId = botIdOf(tg, options.bot);
  return waitForEvent(
    tg,
    (e) =>
      e.type === "message" &&
      e.chatId === chatId &&
      e.botId === botId &&
      textMatches(e.message, options.text) &&
      (options.match?.(e.message) ?? true)
        ? e.message
        : undefined,
    { ...options, what: `a bot message in chat ${chatId}${describeFilter(options)}`, chatId },
  );
}

/** Resolves with the next `count` bot messages in the chat (after `since`), in order. */
export function waitForBotMessages(
  tg: TelegramEmulator,
  chat: ChatRef,
  count: number,
  options: MessageWaitOptions = {},
): Promise<ChatMessage[]> {
  const chatId = chatIdOf(chat);
  const botId = botIdOf(tg, options.bot);
  const seen: ChatMessage[] = [];
  return waitForEvent(
    tg,
    (e) => {
      if (e.type !== "message" || e.chatId !== chatId || e.botId !== botId) return undefined;
      if (!textMatches(e.message, options.text) || !(options.match?.(e.message) ?? true)) return undefined;
      seen.push(e.message);
      return seen.length >= count ? seen : undefined;
    },
    { ...options, what: `${count} bot messages in chat ${chatId}${describeFilter(options)}`, chatId },
  );
}

/**
 * Resolves when the bot's message currently satisfies `match` — at once if it already does, else at
 * the edit that makes it so. Returns the message as it is then.
 */
export function waitForEdit(
  tg: TelegramEmulator,
  chat: ChatRef,
  message: number | ChatMessage,
  match: (message: ChatMessage) => boolean,
  options: WaitOptions = {},
): Promise<ChatMessage> {
  const chatId = chatIdOf(chat);
  const messageId = typeof message === "number" ? message : message.messageId;
  const botId = botIdOf(tg, options.bot);
  const current = tg.chatMessage(chatId, messageId, { bot: botId });
  if (current && !current.deleted && match(current)) return Promise.resolve(current);
  return waitForEvent(
    tg,
    (e) =>
      e.type === "edit" &&
      e.chatId === chatId &&
      e.botId === botId &&
      e.message.messageId === messageId &&
      match(e.message)
        ? e.message
        : undefined,
    { ...options, what: `an edit of message ${messageId} in chat ${chatId} that matches`, chatId },
  );
}

/** Resolves with the bot's answerCallbackQuery for a pressed button. */
export function waitForCallbackAnswer(
  tg: TelegramEmulator,
  queryId: string,
  options: WaitOptions = {},
): Promise<CallbackAnswer> {
  const answered = tg.callbackAnswer(queryId);
  if (answered) return Promise.resolve(answered);
  return waitForEvent(
    tg,
    (e) => (e.type === "callbackAnswer" && e.queryId === queryId ? e.answer : undefined),
    {
      ...options,
      what: `the answer to callback query ${queryId}`,
    },
  );
}

/** Resolves with the first answered API call of `method` (after `since`) that matches. */
export function waitForCall(
  tg: TelegramEmulator,
  method: string,
  options: WaitOptions & { match?: (call: ApiCall) => boolean } = {},
): Promise<ApiCall> {
  const wanted = method.toLowerCase();
  return waitForEvent(
    tg,
    (e) =>
      e.type === "call" && e.call.method.toLowerCase() === wanted && (options.match?.(e.call) ?? true)
        ? e.call
        : undefined,
    { ...options, what: `a ${method} call` },
  );
}

/** Polls a condition that no event announces (e.g. `tg.isPolling()`). */
export async function waitUntil(
  condition: () => boolean,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<void> {
  const error = new Error(`Timed out waiting until ${options.what ?? "the condition holds"}`);
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_WAIT_MS);
  while (!condition()) {
    if (Date.now() > deadline) throw error;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface EventWaitOptions extends WaitOptions {
  what: string;
  /** The chat to describe on timeout. */
  chatId?: number;
}

/** The core of every wait: scan the log since the mark, then listen; reject with a readable report. */
export function waitForEvent<T>(
  tg: TelegramEmulator,
  pick: (event: EmulatorEvent) => T | undefined,
  options: EventWaitOptions,
): Promise<T> {
  // Created here so the stack points at the test that waited, not at a timer.
  const error = new Error();
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  for (const event of tg.eventsSince(options.since ?? tg.mark())) {
    const picked = pick(event);
    if (picked !== undefined) return Promise.resolve(picked);
  }
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = tg.subscribe((event) => {
      const picked = pick(event);
      if (picked === undefined) return;
      cleanup();
      resolve(picked);
    });
    const timer = setTimeout(() => {
      cleanup();
      error.message = `Timed out after ${timeoutMs} ms waiting for ${options.what}.\n${describeActivity(tg, options.chatId, options.bot)}`;
      reject(error);
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      unsubscribe();
    };
  });
}

function describeFilter(options: MessageWaitOptions): string {
  const parts: string[] = [];
  if (options.text !== undefined) parts.push(`with text ${String(options.text)}`);
  if (options.match) parts.push("matching the predicate");
  return parts.length > 0 ? ` ${parts.join(" and ")}` : "";
}

function botIdOf(tg: TelegramEmulator, bot: BotRef | undefined): number {
  if (bot === undefined) return tg.bot.id;
  const found = tg.bots.find((b) => b.id === bot || b.username === bot);
  if (found) return found.id;
  if (typeof bot === "string" && /^\d+:/.test(bot)) return Number(bot.slice(0, bot.indexOf(":")));
  throw new Error(`the emulator serves no bot ${String(bot)}`);
}

/** What the bot sent in the chat and its recent API calls, for failure messages. */
export function describeActivity(tg: TelegramEmulator, chatId?: number, bot?: BotRef): string {
  const lines: string[] = [];
  if (chatId !== undefined) {
    const messages = tg.chatMessages(chatId, { bot: botIdOf(tg, bot) });
    lines.push(messages.length === 0 ? `Chat ${chatId} is empty.` : `Chat ${chatId}:`);
    for (const m of messages) lines.push(`  ${describeMessage(m)}`);
  }
  const calls = tg.calls(undefined, { bot: botIdOf(tg, bot) }).slice(-15);
  lines.push(calls.length === 0 ? "The bot made no API calls." : "Last API calls:");
  for (const call of calls) lines.push(`  ${describeCall(call)}`);
  return lines.join("\n");
}

export function describeMessage(m: ChatMessage): string {
  const flags = [
    m.edits.length > 0 ? `edited ${m.edits.length}x` : "",
    m.deleted ? "deleted" : "",
    m.message.photo ? "photo" : "",
    m.message.document ? `document ${m.message.document.file_name ?? ""}`.trim() : "",
  ].filter(Boolean);
  const buttons = buttonsOf(m)
    .map((b) => `[${b.text}${b.data ? ` → ${b.data}` : b.url ? ` → ${b.url}` : ""}]`)
    .join(" ");
  return [
    `#${m.messageId} ${m.from}:`,
    JSON.stringify(truncate(textOf(m), 300)),
    buttons,
    flags.length ? `(${flags.join(", ")})` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

function describeCall(call: ApiCall): string {
  const chat = call.params.chat_id !== undefined ? ` chat=${String(call.params.chat_id)}` : "";
  const text =
    typeof call.params.text === "string" ? ` ${JSON.stringify(truncate(call.params.text, 80))}` : "";
  const outcome =
    call.outcome === undefined
      ? "pending"
      : call.outcome.ok
        ? "ok"
        : `${call.outcome.error_code} ${call.outcome.description}`;
  return `${call.method}${chat}${text} → ${outcome}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
