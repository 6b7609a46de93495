import { Composer } from "grammy";
import type { ProviderName } from "../../config.js";
import { isFinal } from "../../payments/lifecycle.js";
import type { PaymentService } from "../../payments/service.js";
import { ProviderError } from "../../providers/types.js";
import { buttons, onButton } from "../callback-data.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import type { Notifier } from "../notifier.js";
import { providerErrorText } from "../views/provider-error.js";

export const payCommands: CommandSpec[] = [{ command: "cancel", audience: "everyone" }];

export interface PayDeps {
  service: PaymentService;
  notifier: Notifier;
  /** Shows how to top up (the insufficient-balance card's button). */
  showDeposit: (ctx: BotContext, provider: ProviderName) => Promise<unknown>;
}

/** The card's buttons: Pay, Cancel, New quote, How to top up; and `/cancel`. */
export function payFeature(deps: PayDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const forbidden = (ctx: BotContext) =>
    ctx.answerCallbackQuery({ text: ctx.t("pay-answer-forbidden"), show_alert: true });

  onButton(feature, buttons.pay, async (ctx, { id }) => {
    if (ctx.member?.role === "viewer") {
      return ctx.answerCallbackQuery({
        text: ctx.t("access-viewer-cannot-pay").slice(0, 200),
        show_alert: true,
      });
    }
    const outcome = await deps.service.pay(id, actor(ctx));
    ctx.logger.info({ paymentId: id, result: outcome.result }, "pay pressed");
    switch (outcome.result) {
      case "confirming":
        return ctx.answerCallbackQuery(ctx.t("pay-answer-confirming"));
      case "approval_requested":
        return ctx.answerCallbackQuery(ctx.t("pay-answer-approval"));
      case "expired":
        return ctx.answerCallbackQuery(ctx.t("pay-answer-expired"));
      case "insufficient_funds":
        return ctx.answerCallbackQuery({ text: ctx.t("pay-answer-insufficient"), show_alert: true });
      case "forbidden":
        return forbidden(ctx);
      case "not_found":
        return ctx.answerCallbackQuery(ctx.t("pay-answer-not-found"));
      case "busy":
        return ctx.answerCallbackQuery(ctx.t(isFinal(outcome.state) ? "pay-answer-done" : "pay-answer-busy"));
    }
  });

  onButton(feature, buttons.cancel, async (ctx, { id }) => {
    const result = await deps.service.cancel(id, actor(ctx));
    if (result === "forbidden") return forbidden(ctx);
    return ctx.answerCallbackQuery(ctx.t(result ? "pay-answer-cancelled" : "pay-answer-done"));
  });

  onButton(feature, buttons.requote, async (ctx, { id }) => {
    try {
      const record = await deps.service.requote(id, actor(ctx));
      if (record === "forbidden") return forbidden(ctx);
      if (!record) return ctx.answerCallbackQuery(ctx.t("pay-answer-busy"));
      await ctx.answerCallbackQuery(ctx.t("pay-answer-requoting"));
      await deps.notifier.drawCard(record);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      ctx.logger.warn({ err, paymentId: id }, "new quote failed");
      return ctx.answerCallbackQuery({
        text: providerErrorText(ctx.t, err.kind).slice(0, 200),
        show_alert: true,
      });
    }
  });

  onButton(feature, buttons.topUp, async (ctx, { provider }) => {
    await ctx.answerCallbackQuery();
    await deps.showDeposit(ctx, provider);
  });

  feature.command("cancel", async (ctx) => {
    const count = await deps.service.cancelOpen(actor(ctx), ctx.chat.id);
    return ctx.reply(count > 0 ? ctx.t("cancel-done", { count }) : ctx.t("cancel-nothing"));
  });

  return feature;
}
