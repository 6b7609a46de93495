import { Composer } from "grammy";
import type { Decision } from "../../payments/approvals.js";
import type { PaymentService } from "../../payments/service.js";
import type { AdminFeature } from "../admin.js";
import { buttons, onButton } from "../callback-data.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { renderApprovalRequest } from "../views/approval.js";

export const approvalsCommands: CommandSpec[] = [{ command: "approvals", audience: "admin" }];

/** At most this many requests are sent by one `/approvals`; the rest wait for the next one. */
const LISTED = 10;

/**
 * Administrators' [Approve] / [Reject] on an approval request (the first decision wins), and
 * `/approvals`: every request still waiting, each again with its buttons.
 */
export function approvalsFeature(deps: { service: PaymentService }): AdminFeature {
  const feature = new Composer<BotContext>();
  const decide =
    (decision: Decision) =>
    async (ctx: BotContext, { id }: { id: string }) => {
      const outcome = await deps.service.decideApproval(id, actor(ctx), decision);
      ctx.logger.info({ paymentId: id, decision, result: outcome.result }, "approval decision");
      if (outcome.result === "decided") return ctx.answerCallbackQuery(ctx.t(`approval-answer-${decision}`));
      const approval = outcome.record?.approval;
      if (approval?.decision && approval.decidedBy) {
        return ctx.answerCallbackQuery({
          text: ctx.t(`approval-answer-already-${approval.decision}`, { name: approval.decidedBy.name }),
          show_alert: true,
        });
      }
      return ctx.answerCallbackQuery(ctx.t("approval-answer-gone"));
    };
  feature.command("approvals", async (ctx) => {
    const pending = await deps.service.pendingApprovals();
    if (pending.length === 0) return ctx.reply(ctx.t("approvals-none"));
    await ctx.reply(ctx.t("approvals-title", { count: pending.length }));
    const locale = await ctx.i18n.getLocale();
    for (const record of pending.slice(0, LISTED)) {
      const view = renderApprovalRequest(record, ctx.t, locale);
      const sent = await ctx.reply(view.text, {
        parse_mode: "HTML",
        ...(view.keyboard ? { reply_markup: view.keyboard } : {}),
      });
      await deps.service.keepApprovalCopies(record.id, [
        { chatId: sent.chat.id, messageId: sent.message_id },
      ]);
    }
    if (pending.length > LISTED) await ctx.reply(ctx.t("approvals-more", { count: pending.length - LISTED }));
  });

  onButton(feature, buttons.approve, decide("approved"));
  onButton(feature, buttons.reject, decide("rejected"));
  return { commands: approvalsCommands, buttons: [buttons.approve, buttons.reject], composer: feature };
}
