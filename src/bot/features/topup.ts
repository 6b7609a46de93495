import { createConversation } from "@grammyjs/conversations";
import type { I18n } from "@grammyjs/i18n";
import { Composer } from "grammy";
import { parseRublesInput } from "../../money.js";
import type { TopupService } from "../../topups/service.js";
import type { AdminFeature } from "../admin.js";
import { buttons, onButton } from "../callback-data.js";
import type { CommandSpec } from "../commands.js";
import { actor, type BotContext } from "../context.js";
import { TOPUP_DIALOG, type TopupArgs, topupDialog } from "../conversations/topup.js";
import type { TopupNotifier } from "../topup-notifier.js";

export const topupCommands: CommandSpec[] = [{ command: "topup", audience: "admin" }];

export interface TopupFeatureDeps {
  topups: TopupService;
  notifier: TopupNotifier;
  i18n: I18n<BotContext>;
  targets(): string[];
}

const DIALOG_TIMEOUT_MS = 15 * 60_000;

/** Administrators top a provider's balance up from rubles through the exchanger. */
export function topupFeature(deps: TopupFeatureDeps): AdminFeature {
  const feature = new Composer<BotContext>();
  feature.use(
    createConversation(topupDialog(deps), { id: TOPUP_DIALOG, maxMillisecondsToWait: DIALOG_TIMEOUT_MS }),
  );

  const start = async (ctx: BotContext, extra: Partial<TopupArgs> = {}) => {
    if (deps.targets().length === 0) return ctx.reply(ctx.t("topup-not-configured"));
    const args: TopupArgs = {
      member: ctx.member!,
      locale: await ctx.i18n.getLocale(),
      chatId: ctx.chat!.id,
      chatType: ctx.chat!.type,
      botLink: `https://t.me/${ctx.me.username}`,
      ...extra,
    };
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(TOPUP_DIALOG, args);
  };

  feature.command("topup", async (ctx) => {
    const text = ctx.match.trim();
    if (!text) return start(ctx);
    const amountMinor = parseRublesInput(text);
    if (amountMinor === null) return ctx.reply(ctx.t("topup-usage"));
    return start(ctx, { amountMinor });
  });

  onButton(feature, buttons.topupStart, async (ctx) => {
    await ctx.answerCallbackQuery();
    await start(ctx);
  });

  onButton(feature, buttons.topupPrefill, async (ctx, { provider, rubles }) => {
    await ctx.answerCallbackQuery();
    await start(ctx, { target: provider, amountMinor: rubles * 100 });
  });

  onButton(feature, buttons.topupPaid, async (ctx, { id }) => {
    const result = await deps.topups.markPaid(id, actor(ctx)).catch(() => "failed" as const);
    if (result === "failed")
      return ctx.answerCallbackQuery({ text: ctx.t("topup-answer-paid-failed"), show_alert: true });
    if (!result || result === "forbidden") return ctx.answerCallbackQuery(ctx.t("topup-answer-not-waiting"));
    await ctx.answerCallbackQuery(ctx.t("topup-answer-paid"));
    await deps.notifier.changed(result);
  });

  return {
    commands: topupCommands,
    buttons: [buttons.topupStart, buttons.topupPrefill, buttons.topupPaid],
    composer: feature,
  };
}
