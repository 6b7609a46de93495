import { Composer } from "grammy";
import type { PaymentService } from "../../payments/service.js";
import { isFinal } from "../../payments/states.js";
import { ProviderError } from "../../providers/types.js";
import type { CommandSpec } from "../commands.js";
import type { BotContext } from "../context.js";
import type { Notifier } from "../notifier.js";
import { providerErrorText } from "../views/provider-error.js";
import { personOf } from "./scan.js";

export const payCommands: CommandSpec[] = [{ command: "cancel", audience: "everyone" }];

export interface PayDeps {
  service: PaymentService;
  notifier: Notifier;
  /** Shows how to top up (the insufficient-balance card's button). */
  showDeposit: (ctx: BotContext, provider: string) => Promise<unknown>;
}

const ID = "(P[0-9A-HJKMNP-TV-Z]{10})";

export function payFeature(deps: PayDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.callbackQuery(new RegExp(`^pay:${ID}$`), async (ctx) => {
    if (ctx.member?.role === "viewer") {
      return ctx.answerCallbackQuery({
        text: ctx.t("access-viewer-cannot-pay").slice(0, 200),
        show_alert: true,
      });
    }
    const outcome = await deps.service.pay(ctx.match[1]!, personOf(ctx.from), ctx.member?.role === "admin");
    ctx.logger.info({ paymentId: ctx.match[1], result: outcome.result }, "pay pressed");
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
        return ctx.answerCallbackQuery({ text: ctx.t("pay-answer-forbidden"), show_alert: true });
      case "not_found":
        return ctx.answerCallbackQuery(ctx.t("pay-answer-not-found"));
      case "busy":
        return ctx.answerCallbackQuery(ctx.t(isFinal(outcome.state) ? "pay-answer-done" : "pay-answer-busy"));
    }
  });

  feature.callbackQuery(new RegExp(`^cancel:${ID}$`), async (ctx) => {
    const result = await deps.service.cancel(ctx.match[1]!, personOf(ctx.from), ctx.member?.role === "admin");
    if (result === "forbidden") {
      return ctx.answerCallbackQuery({ text: ctx.t("pay-answer-forbidden"), show_alert: true });
    }
    return ctx.answerCallbackQuery(ctx.t(result ? "pay-answer-cancelled" : "pay-answer-done"));
  });

  feature.callbackQuery(new RegExp(`^requote:${ID}$`), async (ctx) => {
    const id = ctx.match[1]!;
    try {
      const record = await deps.service.requote(id, personOf(ctx.from), ctx.member?.role === "admin");
      if (record === "forbidden") {
        return ctx.answerCallbackQuery({ text: ctx.t("pay-answer-forbidden"), show_alert: true });
      }
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

  feature.callbackQuery(/^topup:(\w+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await deps.showDeposit(ctx, ctx.match[1]!);
  });

  feature.command("cancel", async (ctx) => {
    const me = personOf(ctx.from!);
    const recent = await deps.service.store.recent({ chatId: ctx.chat.id, limit: 20 });
    let count = 0;
    for (const p of recent) {
      if (p.requestedBy.id !== me.id || !(p.state === "quoted" || p.state === "awaiting_approval")) continue;
      const cancelled = await deps.service.cancel(p.id, me, false);
      if (cancelled && cancelled !== "forbidden") count++;
    }
    return ctx.reply(count > 0 ? ctx.t("cancel-done", { count: String(count) }) : ctx.t("cancel-nothing"));
  });

  return feature;
}
