import type { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";
import type { InvoiceService } from "../../invoices/service.js";
import type { InvoiceChoice, InvoiceRecord } from "../../invoices/types.js";
import { formatMoney } from "../../money.js";
import { actorOf, type Member } from "../../team/actor.js";
import type { BotContext } from "../context.js";
import type { InvoiceNotifier } from "../invoice-notifier.js";
import type { Translate } from "../views/format.js";
import { bankTitle, choiceTitle } from "../views/invoice.js";
import { askRubles, type Dialog, pick } from "./steps.js";

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

/**
 * `/receive`: how much, and how the customer pays (when there is more than one way, and a bank
 * for Meridian). Any other message or command ends the dialog and is handled as usual. The invoice
 * itself is made by the invoice service; the dialog only collects what it needs.
 */
export function receiveDialog(deps: ReceiveDialogDeps) {
  return async (conversation: Dialog, ctx: Context, args: ReceiveArgs) => {
    const t: Translate = (key, variables) => deps.i18n.t(args.locale, key, variables);

    const amountMinor =
      args.amountMinor ??
      (await askRubles(conversation, ctx, t, {
        ask: "receive-ask-amount",
        again: "receive-bad-amount",
        gaveUp: "receive-gave-up",
      }));
    if (amountMinor === undefined) return;

    const all = await conversation.external(() => deps.invoices.choices());
    const offered = args.fixed ? [args.fixed] : all.filter((c) => c.provider !== args.excludeProvider);
    if (offered.length === 0) return void (await ctx.reply(t("receive-not-configured")));

    let choice = offered[0]!;
    if (offered.length > 1) {
      choice =
        offered[
          await pick(
            conversation,
            ctx,
            t("receive-choose-way"),
            offered.map((c) => choiceTitle(t, c)),
          )
        ]!;
    }
    const banks = choice.method === "link" ? [] : deps.invoices.banks(choice.provider);
    if (banks.length > 1) {
      const index = await pick(conversation, ctx, t("receive-choose-bank"), [
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
