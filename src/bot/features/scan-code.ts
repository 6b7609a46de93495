import type { Api } from "grammy";
import type { Chat, InlineKeyboardMarkup, Message } from "grammy/types";
import type { ProviderName } from "../../config.js";
import type { Logger } from "../../logger.js";
import type { GostCode, PaymentCode, SbpCode } from "../../payment-codes/index.js";
import { parsePaymentCode } from "../../payment-codes/index.js";
import type { PaymentService } from "../../payments/service.js";
import type { ScannedCode } from "../../payments/types.js";
import { ProviderError } from "../../providers/types.js";
import type { Actor } from "../../team/actor.js";
import { actor, type BotContext } from "../context.js";
import { escapeHtml } from "../html.js";
import type { Notifier } from "../notifier.js";
import { isNotModified } from "../telegram-errors.js";
import { money, type Translate } from "../views/format.js";
import { providerErrorText } from "../views/provider-error.js";

/**
 * From a QR code's text to the answer in the chat — the quote card for an SBP code, a short
 * explanation for anything else. One path for every way a code arrives: a photo or file (decoded
 * first), a pasted link, a keyboard Mini App's `web_app_data`, and the menu Mini App's POST, which
 * arrives outside any Telegram update. Limits and approvals are the payment service's, behind Pay.
 */

export interface CodeDeps {
  service: PaymentService;
  notifier: Notifier;
}

/** Where the answers go and who asked: built from an update, or from a verified Mini App launch. */
export interface ScanScope {
  api: Api;
  chat: { id: number; type: Chat["type"] };
  t: Translate;
  locale: string;
  actor: Actor;
  logger: Logger;
  /** The provider this person pays through, or undefined when none is configured. */
  provider(): Promise<ProviderName | undefined>;
}

export async function scopeOf(
  ctx: BotContext,
  provider: (ctx: BotContext) => Promise<ProviderName | undefined>,
): Promise<ScanScope> {
  return {
    api: ctx.api,
    chat: { id: ctx.chat!.id, type: ctx.chat!.type },
    t: (key, variables) => ctx.t(key, variables),
    locale: await ctx.i18n.getLocale(),
    actor: actor(ctx),
    logger: ctx.logger,
    provider: () => provider(ctx),
  };
}

export function replyTo(message: Message | undefined) {
  return message
    ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } }
    : {};
}

/** The "🔎 Reading…" message that becomes the card. */
export function postStatus(scope: ScanScope, answering?: Message): Promise<Message.TextMessage> {
  return scope.api.sendMessage(scope.chat.id, scope.t("scan-reading"), replyTo(answering));
}

export async function showStatus(
  scope: ScanScope,
  status: Message.TextMessage,
  text: string,
  markup?: InlineKeyboardMarkup,
): Promise<void> {
  try {
    await scope.api.editMessageText(status.chat.id, status.message_id, text, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(markup ? { reply_markup: markup } : {}),
    });
  } catch (err) {
    if (!isNotModified(err)) throw err;
  }
}

/** A code that came as text (a link, a Mini App's scan): the status message, then the answer. */
export async function scanText(deps: CodeDeps, scope: ScanScope, text: string, answering?: Message) {
  const status = await postStatus(scope, answering);
  await answerCode(deps, scope, parsePaymentCode(text), status);
}

export async function answerCode(
  deps: CodeDeps,
  scope: ScanScope,
  code: PaymentCode,
  status: Message.TextMessage,
): Promise<void> {
  const { t } = scope;
  switch (code.kind) {
    case "url":
      return showStatus(scope, status, t("scan-not-payment-url", { host: escapeHtml(code.host) }));
    case "text":
      return showStatus(
        scope,
        status,
        t("scan-not-payment-text", { text: escapeHtml(shorten(code.text, 300)) }),
      );
    case "gost":
      return showStatus(scope, status, t("scan-gost", { details: gostDetails(t, code, scope.locale) }));
    case "sbp":
      return quote(deps, scope, code, status);
  }
}

async function quote(deps: CodeDeps, scope: ScanScope, code: SbpCode, status: Message.TextMessage) {
  const { t } = scope;
  const show = (text: string) => showStatus(scope, status, text);
  if (code.warnings.includes("bad_qrc_id")) return show(t("scan-sbp-broken"));
  if (code.type === "03") return show(t("scan-sbp-not-payable"));
  const provider = await scope.provider();
  if (!provider) return show(t("scan-no-provider"));

  // The provider is asked while Telegram shows "asking"; the card waits for that edit, so it always
  // lands last.
  const asking = show(t("scan-asking-provider")).catch((err: unknown) => {
    scope.logger.warn({ err }, "could not show the status");
  });
  try {
    const record = await deps.service.quote({
      code: scannedCode(code),
      provider,
      chatId: scope.chat.id,
      chatType: scope.chat.type,
      actor: scope.actor,
      locale: scope.locale,
      card: { chatId: status.chat.id, messageId: status.message_id },
    });
    scope.logger.info({ paymentId: record.id, provider, amount: record.quote.amount.minor }, "quote shown");
    await asking;
    await deps.notifier.drawCard(record);
  } catch (err) {
    await asking;
    if (!(err instanceof ProviderError)) throw err;
    scope.logger.warn({ err }, "quote failed");
    if (err.forAdmins) {
      void deps.notifier.toAdmins(
        (t) => `${t("provider-error-unauthorized")}\n<code>${escapeHtml(err.message)}</code>`,
      );
    }
    return show(providerErrorText(t, err.kind));
  }
}

export function scannedCode(code: SbpCode): ScannedCode {
  return {
    raw: code.raw,
    qrcId: code.qrcId,
    type: code.type ?? "",
    ...(code.bankId ? { bankId: code.bankId } : {}),
    ...(code.sumMinor !== undefined ? { sumMinor: code.sumMinor } : {}),
    ...(code.crcValid !== undefined ? { crcValid: code.crcValid } : {}),
  };
}

/** The receipt's fields worth reading, in the order a bank form lists them. */
const GOST_SHOWN = [
  "Name",
  "PayeeINN",
  "KPP",
  "BankName",
  "BIC",
  "PersonalAcc",
  "CorrespAcc",
  "Purpose",
] as const;

function gostDetails(t: Translate, code: GostCode, locale: string): string {
  const field = (name: string, value: string) =>
    t("scan-gost-field", { name: t(`gost-field-${name}`), value: escapeHtml(shorten(value, 120)) });
  const lines = GOST_SHOWN.flatMap((name) => (code.fields[name] ? [field(name, code.fields[name])] : []));
  if (code.sumMinor !== undefined)
    lines.push(field("Sum", money({ minor: code.sumMinor, currency: "RUB" }, locale)));
  if (code.missing.length > 0) {
    lines.push(
      t("scan-gost-missing", { fields: code.missing.map((name) => t(`gost-field-${name}`)).join(", ") }),
    );
  }
  return lines.join("\n");
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
