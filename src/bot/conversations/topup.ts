import type { I18n } from "@grammyjs/i18n";
import { type Context, InlineKeyboard } from "grammy";
import type { Money } from "../../money.js";
import { actorOf, type Member } from "../../team/actor.js";
import type { TopupService } from "../../topups/service.js";
import type { TopupRecord } from "../../topups/types.js";
import { buttons } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { TopupNotifier } from "../topup-notifier.js";
import { money, providerTitle, type Translate } from "../views/format.js";
import { renderTopupPreview } from "../views/topup.js";
import { askRubles, type Dialog, pick } from "./steps.js";

export const TOPUP_DIALOG = "topup";

export interface TopupArgs {
  member: Member;
  locale: string;
  chatId: number;
  chatType: string;
  amountMinor?: number;
  target?: string;
  /** The bot's t.me link: the exchanger's page leads back to it. */
  botLink: string;
}

export interface TopupDialogDeps {
  topups: TopupService;
  notifier: TopupNotifier;
  i18n: I18n<BotContext>;
  /** Spend providers the exchanger can top up. */
  targets(): string[];
}

/** `/topup 50000`: how much, to which provider, a preview, then the exchange order. Administrators only. */
export function topupDialog(deps: TopupDialogDeps) {
  return async (conversation: Dialog, ctx: Context, args: TopupArgs) => {
    const t: Translate = (key, variables) => deps.i18n.t(args.locale, key, variables);
    const targets = await conversation.external(() => deps.targets());
    if (targets.length === 0) return void (await ctx.reply(t("topup-not-configured")));
    const amountMinor =
      args.amountMinor ??
      (await askRubles(conversation, ctx, t, {
        ask: "topup-ask-amount",
        again: "topup-bad-amount",
        gaveUp: "topup-gave-up",
      }));
    if (amountMinor === undefined) return;
    let target = args.target && targets.includes(args.target) ? args.target : targets[0]!;
    if (!args.target && targets.length > 1) {
      target =
        targets[await pick(conversation, ctx, t("topup-choose-provider"), targets.map(providerTitle))]!;
    }
    const amount: Money = { minor: amountMinor, currency: "RUB" };
    const preview = await conversation.external(() => deps.topups.preview(target, amount));
    const keyboard = new InlineKeyboard()
      .text(t("topup-button-create"), buttons.receiveOption.pack({ index: 0 }))
      .text(t("topup-button-cancel"), buttons.receiveOption.pack({ index: 1 }));
    const prompt = await ctx.reply(renderTopupPreview(preview, t, args.locale), {
      parse_mode: "HTML",
      reply_markup: keyboard,
    });
    const press = await conversation.wait();
    const chosen = buttons.receiveOption.unpack(press.callbackQuery?.data);
    await ctx.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id).catch(() => {});
    if (!chosen || press.callbackQuery?.message?.message_id !== prompt.message_id)
      return conversation.halt({ next: true });
    await press.answerCallbackQuery();
    if (chosen.index !== 0) return void (await ctx.reply(t("topup-cancelled")));

    const created = await conversation.external(async (): Promise<TopupRecord | string> => {
      const status = await ctx.api.sendMessage(
        args.chatId,
        t("topup-creating", { amount: money(amount, args.locale), provider: providerTitle(target) }),
      );
      try {
        return await deps.topups.create({
          target,
          amount,
          actor: actorOf(args.member),
          chatId: args.chatId,
          chatType: args.chatType,
          locale: args.locale,
          card: { chatId: status.chat.id, messageId: status.message_id },
          clientCallbackUrl: args.botLink,
        });
      } catch {
        return "provider";
      }
    });
    if (typeof created === "string") return void (await ctx.reply(t(`topup-refused-${created}`)));
    await conversation.external(() => deps.notifier.changed(created));
  };
}
