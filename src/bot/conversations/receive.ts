import type { Conversation } from "@grammyjs/conversations";
import type { I18n } from "@grammyjs/i18n";
import { type Context, InlineKeyboard } from "grammy";
import type { InvoiceService } from "../../invoices/service.js";
import type { InvoiceChoice, InvoiceRecord } from "../../invoices/types.js";
import { formatMoney, parseRublesInput } from "../../money.js";
import { actorOf, type Member } from "../../team/actor.js";
import { buttons } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { InvoiceNotifier } from "../invoice-notifier.js";
import type { Translate } from "../views/format.js";
import { bankTitle, choiceTitle } from "../views/invoice.js";

export const RECEIVE_DIALOG = "receive";

/** What the dialog starts with (JSON: the conversations plugin keeps it in Redis). */
export interface ReceiveArgs {
  member: Member;
  locale: string;
  chatId: number;
  chatType: string;
  amountMinor?: number;
  /** The choice is made; only the bank is asked (after «Другой банк»). */
  fixed?: InvoiceChoice;
  /** Offer every way but this provider's (after «Через другой сервис»). */
  excludeProvider?: string;
  /** The invoice this one replaces, on the same card. */
  replaces?: string;
}

export interface ReceiveDialogDeps {
  invoices: InvoiceService;
  notifier: InvoiceNotifier;
  i18n: I18n<BotContext>;
}

type Dialog = Conversation<BotContext, Context>;

/**
 * `/receive`: how much, and how the customer pays (when there is more than one way, and a bank
 * for Meridian). Any other message or command ends the dialog and is handled as usual. The invoice
 * itself is made by the invoice service; the dialog only collects what it needs.
 */
export function receiveDialog(deps: ReceiveDialogDeps) {
  return async (conversation: Dialog, ctx: Context, args: ReceiveArgs) => {
    const t: Translate = (key, variables) => deps.i18n.t(args.locale, key, variables);
    const leave = () => conversation.halt({ next: true });

    let amountMinor = args.amountMinor;
    for (let tries = 0; amountMinor === undefined; tries++) {
      if (tries === 3) return void (await ctx.reply(t("receive-gave-up")));
      await ctx.reply(t(tries === 0 ? "receive-ask-amount" : "receive-bad-amount"));
      const answer = await conversation.wait();
      const text = answer.message?.text;
      if (!text || text.startsWith("/")) return leave();
      amountMinor = parseRublesInput(text) ?? undefined;
    }

    const all = await conversation.external(() => deps.invoices.choices());
    const offered = args.fixed ? [args.fixed] : all.filter((c) => c.provider !== args.excludeProvider);
    if (offered.length === 0) return void (await ctx.reply(t("receive-not-configured")));

    /** Asks with a button per option; the number of the one pressed, or the dialog ends. */
    const pick = async (question: string, options: string[]): Promise<number> => {
      const keyboard = new InlineKeyboard();
      for (const [index, label] of options.entries())
        keyboard.text(label, buttons.receiveOption.pack({ index })).row();
      const prompt = await ctx.reply(question, { reply_markup: keyboard });
      const press = await conversation.wait();
      const chosen = buttons.receiveOption.unpack(press.callbackQuery?.data);
      if (
        !chosen ||
        press.callbackQuery?.message?.message_id !== prompt.message_id ||
        !options[chosen.index]
      ) {
        await ctx.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id).catch(() => {});
        return leave();
      }
      await press.answerCallbackQuery();
      await ctx.api.editMessageText(
        prompt.chat.id,
        prompt.message_id,
        `${question}\n→ ${options[chosen.index]}`,
      );
      return chosen.index;
    };

    let choice = offered[0]!;
    if (offered.length > 1) {
      choice =
        offered[
          await pick(
            t("receive-choose-way"),
            offered.map((c) => choiceTitle(t, c)),
          )
        ]!;
    }
    const banks = choice.method === "link" ? [] : deps.invoices.banks(choice.provider);
    if (banks.length > 1) {
      const index = await pick(t("receive-choose-bank"), [
        t("receive-any-bank"),
        ...banks.map((b) => bankTitle(t, b)),
      ]);
      choice =
        index === 0
          ? { provider: choice.provider, method: choice.method }
          : { ...choice, bank: banks[index - 1]! };
    }

    const amount = { minor: amountMinor, currency: "RUB" as const };
    const actor = actorOf(args.member);
    const created = await conversation.external(
      async (): Promise<InvoiceRecord | "forbidden" | undefined> => {
        if (args.replaces) return deps.invoices.replace(args.replaces, actor, choice);
        const status = await ctx.api.sendMessage(
          args.chatId,
          t("receive-creating", {
            amount: formatMoney(amount.minor, "RUB", args.locale === "en" ? "en" : "ru"),
          }),
        );
        return deps.invoices.create({
          amount,
          choice,
          actor,
          chatId: args.chatId,
          chatType: args.chatType,
          locale: args.locale,
          card: { chatId: status.chat.id, messageId: status.message_id },
        });
      },
    );
    if (created === "forbidden") return void (await ctx.reply(t("receive-viewer")));
    if (!created) return void (await ctx.reply(t("error-button-stale")));
    await conversation.external(() => deps.notifier.changed(created));
  };
}
