import { Composer } from "grammy";
import type { PaymentService } from "../../payments/service.js";
import type { BotContext } from "../context.js";
import { requireAdmin } from "../guards.js";
import { personOf } from "./scan.js";

const ID = "(P[0-9A-HJKMNP-TV-Z]{10})";

/** Administrators' [Approve] / [Reject] on an approval request. The first decision wins. */
export function approvalsFeature(deps: { service: PaymentService }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(new RegExp(`^(approve|reject):${ID}$`), async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const decision = ctx.match[1] === "approve" ? "approved" : "rejected";
    const outcome = await deps.service.decideApproval(ctx.match[2]!, personOf(ctx.from), decision);
    ctx.logger.info({ paymentId: ctx.match[2], decision, result: outcome.result }, "approval decision");
    if (outcome.result === "decided") return ctx.answerCallbackQuery(ctx.t(`approval-answer-${decision}`));
    const approval = outcome.record?.approval;
    if (approval?.decision && approval.decidedBy) {
      return ctx.answerCallbackQuery({
        text: ctx.t(`approval-answer-already-${approval.decision}`, { name: approval.decidedBy.name }),
        show_alert: true,
      });
    }
    return ctx.answerCallbackQuery(ctx.t("approval-answer-gone"));
  });
  return feature;
}
