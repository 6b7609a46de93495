import type { ChatMessage, TelegramEmulator } from "../sandbox/telegram/index.js";

/**
 * The first bot message in a chat after `since` (a `tg.mark()`) that matches, or undefined after
 * `timeoutMs`. Looks at the log first, then listens, so nothing sent in between is missed.
 */
export function nextBotMessage(
  tg: TelegramEmulator,
  chatId: number,
  options: { since: number; timeoutMs: number; match?: (m: ChatMessage) => boolean },
): Promise<ChatMessage | undefined> {
  const pick = (m: ChatMessage) => m.chatId === chatId && (options.match?.(m) ?? true);
  for (const event of tg.eventsSince(options.since))
    if (event.type === "message" && pick(event.message)) return Promise.resolve(event.message);
  return new Promise((resolve) => {
    const stop = tg.subscribe((event) => {
      if (event.type !== "message" || !pick(event.message)) return;
      done(event.message);
    });
    const timer = setTimeout(() => done(undefined), options.timeoutMs);
    const done = (m: ChatMessage | undefined) => {
      clearTimeout(timer);
      stop();
      resolve(m);
    };
  });
}
