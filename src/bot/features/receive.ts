import { createConversation } from "@grammyjs/conversations";
import type { I18n } from "@grammyjs/i18n";
import { Composer, InputFile } from "grammy";
import type { InvoiceService } from "../../invoices/service.js";
import { parseRublesInput } from "../../money.js";
import { buttons, onButton } from "../callback-data.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { RECEIVE_DIALOG, type ReceiveArgs, receiveDialog } from "../conversations/receive.js";
import type { InvoiceNotifier } from "../invoice-notifier.js";
import { renderInvoiceForCustomer } from "../views/invoice.js";

export const receiveCommands: CommandSpec[] = [{ command: "receive", audience: "everyone" }];

export interface ReceiveDeps {
  invoices: InvoiceService;
  notifier: InvoiceNotifier;
  i18n: I18n<BotContext>;
  timeZone: string;
  renderQr(text: string): Promise<Uint8Array>;
}

/** Dialogs of a half-finished `/receive` lapse after this long: a late message is handled as usual. */
const DIALOG_TIMEOUT_MS = 15 * 60_000;

/** `/receive 1500`: an invoice for a customer, its card, and what the card's buttons do. */
export function receiveFeature(deps: ReceiveDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.use(
    createConversation(receiveDialog(deps), { id: RECEIVE_DIALOG, maxMillisecondsToWait: DIALOG_TIMEOUT_MS }),
  );

  const start = async (ctx: BotContext, extra: Partial<ReceiveArgs> = {}) => {
    if (ctx.member?.role === "viewer") return ctx.reply(ctx.t("receive-viewer"));
    if (deps.invoices.providerNames.length === 0) return ctx.reply(ctx.t("receive-not-configured"));
    const args: ReceiveArgs = {
      member: ctx.member!,
      locale: await ctx.i18n.getLocale(),
      chatId: ctx.chat!.id,
      chatType: ctx.chat!.type,
      ...extra,
    };
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(RECEIVE_DIALOG, args);
  };

  feature.command("receive", async (ctx) => {
    const text = ctx.match.trim();
    if (!text) return start(ctx);
    const amountMinor = parseRublesInput(text);
    if (amountMinor === null) return ctx.reply(ctx.t("receive-usage"));
    return start(ctx, { amountMinor });
  });

  const mine = async (ctx: BotContext, id: string) => {
    const invoice = await deps.invoices.get(id);
    if (!invoice) {
      await ctx.answerCallbackQuery(ctx.t("error-button-stale"));
      return undefined;
    }
    if (invoice.requestedBy.id !== ctx.from?.id && ctx.member?.role !== "admin") {
      await ctx.answerCallbackQuery({ text: ctx.t("pay-answer-forbidden"), show_alert: true });
      return undefined;
    }
    return invoice;
  };

  onButton(feature, buttons.forwardInvoice, async (ctx, { id }) => {
    const invoice = await mine(ctx, id);
    if (!invoice) return;
    if (invoice.state !== "waiting") return ctx.answerCallbackQuery(ctx.t("invoice-answer-not-waiting"));
    const locale = await ctx.i18n.getLocale();
    const text = renderInvoiceForCustomer(invoice, ctx.t, { locale, timeZone: deps.timeZone });
    await ctx.answerCallbackQuery(ctx.t("invoice-answer-forward"));
    if (invoice.paymentUrl) {
      const png = await deps.renderQr(invoice.paymentUrl);
      return ctx.replyWithPhoto(new InputFile(png, "payment-link.png"), {
        caption: text,
        parse_mode: "HTML",
      });
    }
    return ctx.reply(text, { parse_mode: "HTML" });
  });

  onButton(feature, buttons.cancelInvoice, async (ctx, { id }) => {
    const result = await deps.invoices.cancel(id, actor(ctx));
    if (result === "forbidden")
      return ctx.answerCallbackQuery({ text: ctx.t("pay-answer-forbidden"), show_alert: true });
    return ctx.answerCallbackQuery(ctx.t(result ? "invoice-answer-cancelled" : "invoice-answer-not-waiting"));
  });

  onButton(feature, buttons.retryInvoice, async (ctx, { id }) => {
    if (!(await mine(ctx, id))) return;
    const replaced = await deps.invoices.replace(id, actor(ctx));
    if (replaced === "forbidden" || !replaced) return ctx.answerCallbackQuery(ctx.t("error-button-stale"));
    await ctx.answerCallbackQuery(ctx.t("invoice-answer-retrying"));
    await deps.notifier.changed(replaced);
  });

  onButton(feature, buttons.otherBankInvoice, async (ctx, { id }) => {
    const invoice = await mine(ctx, id);
    if (!invoice) return;
    await ctx.answerCallbackQuery();
    const { provider, method } = invoice.choice;
    await start(ctx, { amountMinor: invoice.amount.minor, fixed: { provider, method }, replaces: id });
  });

  onButton(feature, buttons.otherServiceInvoice, async (ctx, { id }) => {
    const invoice = await mine(ctx, id);
    if (!invoice) return;
    await ctx.answerCallbackQuery();
    await start(ctx, {
      amountMinor: invoice.amount.minor,
      excludeProvider: invoice.choice.provider,
      replaces: id,
    });
  });

  return feature;
}
