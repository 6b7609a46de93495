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
  const answer = await askAmount(conversation, ctx, {
    question: t(keys.ask),
    notASum: t(keys.again),
    gaveUp: t(keys.gaveUp),
  });
  return answer && "minor" in answer ? answer.minor : undefined;
}

/** A sum in kopecks, or the number of the option pressed (or typed as one of its words). */
export type AmountAnswer = { minor: number } | { option: number };

export interface AmountQuestion {
  question: string;
  /** Buttons under the question, such as «По умолчанию» or «Отмена». */
  options?: string[];
  /** Typed words that mean an option (lower case), by the option's number. */
  words?: Record<string, number>;
  /** Asked again when the answer is not a sum. */
  notASum: string;
  /** Why a sum will not do (asked again with it), or undefined when it will. */
  check?: (minor: number) => string | undefined;
  gaveUp: string;
  /** The question and its re-asks are HTML. */
  html?: boolean;
}

/**
 * Asks for a sum in rubles, or one of the options, until one comes (three tries); undefined when
 * the person gave up. The buttons go from each question once it is answered.
 */
export async function askAmount(
  conversation: Dialog,
  ctx: Context,
  question: AmountQuestion,
): Promise<AmountAnswer | undefined> {
  const options = question.options ?? [];
  let text = question.question;
  for (let tries = 0; tries < 3; tries++) {
    const keyboard = new InlineKeyboard();
    for (const [index, label] of options.entries())
      keyboard.text(label, buttons.receiveOption.pack({ index })).row();
    const prompt = await ctx.reply(text, {
      ...(question.html ? { parse_mode: "HTML" as const } : {}),
      ...(options.length > 0 ? { reply_markup: keyboard } : {}),
    });
    const answer = await conversation.wait();
    if (options.length > 0)
      await ctx.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id).catch(() => {});
    const press = answer.callbackQuery;
    if (press) {
      const chosen = buttons.receiveOption.unpack(press.data);
      if (!chosen || press.message?.message_id !== prompt.message_id || !options[chosen.index])
        return conversation.halt({ next: true });
      await answer.answerCallbackQuery();
      return { option: chosen.index };
    }
    const typed = answer.message?.text;
    if (!typed || typed.startsWith("/")) return conversation.halt({ next: true });
    const word = question.words?.[typed.trim().toLowerCase()];
    if (word !== undefined) return { option: word };
    const minor = parseRublesInput(typed);
    const problem = minor === null ? question.notASum : question.check?.(minor);
    if (minor !== null && problem === undefined) return { minor };
    text = problem ?? question.notASum;
  }
  await ctx.reply(question.gaveUp);
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
