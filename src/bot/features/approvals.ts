import { Composer } from "grammy";
import type { Decision } from "../../payments/approvals.js";
import type { PaymentService } from "../../payments/service.js";
import type { AdminFeature } from "../admin.js";
import { buttons, onButton } from "../callback-data.js";
import { actor, type BotContext } from "../context.js";

/** Administrators' [Approve] / [Reject] on an approval request. The first decision wins. */
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
  onButton(feature, buttons.approve, decide("approved"));
  onButton(feature, buttons.reject, decide("rejected"));
  return { commands: [], buttons: [buttons.approve, buttons.reject], composer: feature };
}
