import type { Conversation } from "@grammyjs/conversations";
import { type Context, InlineKeyboard } from "grammy";
import { parseRublesInput } from "../../money.js";
import { buttons } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { Translate } from "../views/format.js";

/** The steps the short dialogs share. Any other message or command ends a dialog, handled as usual. */
export type Dialog = Conversation<BotContext, Context>;

/** Asks for a sum in rubles until one comes (three tries); undefined when the person gave up. */
export async function askRubles(
  conversation: Dialog,
  ctx: Context,
  t: Translate,
  keys: { ask: string; again: string; gaveUp: string },
): Promise<number | undefined> {
  for (let tries = 0; tries < 3; tries++) {
    await ctx.reply(t(tries === 0 ? keys.ask : keys.again));
    const answer = await conversation.wait();
    const text = answer.message?.text;
    if (!text || text.startsWith("/")) await conversation.halt({ next: true });
    const minor = parseRublesInput(text ?? "");
    if (minor !== null) return minor;
  }
  await ctx.reply(t(keys.gaveUp));
  return undefined;
}

/** Asks with a button per option; the number of the one pressed, or the dialog ends. */
export async function pick(
  conversation: Dialog,
  ctx: Context,
  question: string,
  options: string[],
): Promise<number> {
  const keyboard = new InlineKeyboard();
  for (const [index, label] of options.entries())
    keyboard.text(label, buttons.receiveOption.pack({ index })).row();
  const prompt = await ctx.reply(question, { reply_markup: keyboard });
  const press = await conversation.wait();
  const chosen = buttons.receiveOption.unpack(press.callbackQuery?.data);
  if (!chosen || press.callbackQuery?.message?.message_id !== prompt.message_id || !options[chosen.index]) {
    await ctx.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id).catch(() => {});
    return conversation.halt({ next: true });
  }
  await press.answerCallbackQuery();
  await ctx.api.editMessageText(prompt.chat.id, prompt.message_id, `${question}\n→ ${options[chosen.index]}`);
  return chosen.index;
}
