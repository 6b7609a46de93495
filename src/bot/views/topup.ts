import { InlineKeyboard } from "grammy";
import type { ProviderName } from "../../config.js";
import type { RunwayAlert } from "../../topups/runway.js";
import type { TopupPreview } from "../../topups/service.js";
import type { TopupRecord } from "../../topups/types.js";
import { buttons } from "../callback-data.js";
import { percentFromBps } from "../features/deposit.js";
import { clockTime, decimal, money, providerTitle, type Translate, type ViewOptions } from "./format.js";

/** The exchanger's statuses that have words of their own; the rest read «идёт обмен». */
const STATUS_WORDS = new Set([
  "new",
  "waitPayment",
  "inProgress",
  "inProgressPayout",
  "errorPayment",
  "errorPayout",
  "hold",
]);

export function renderTopupPreview(p: TopupPreview, t: Translate, locale: string): string {
  const m = (value: Parameters<typeof money>[0]) => money(value, locale);
  const lines = [t("topup-preview-title", { amount: m(p.amount), provider: providerTitle(p.target) })];
  lines.push(
    p.expectedUsdt && p.rate
      ? t("topup-preview-usdt", { usdt: m(p.expectedUsdt), rate: decimal(p.rate, locale) })
      : t("topup-preview-usdt-unknown"),
  );
  if (p.feeBps !== undefined) lines.push(t("topup-preview-fee", { fee: percentFromBps(p.feeBps, locale) }));
  if (p.balance) lines.push(t("topup-preview-balance", { balance: m(p.balance) }));
  if (p.balanceAfter) lines.push(t("topup-preview-after", { balance: m(p.balanceAfter) }));
  lines.push("", t("topup-preview-how"));
  return lines.join("\n");
}

/** The order's card: what is paid to whom, where it stands in words, and the one thing to do next. */
export function renderTopupCard(r: TopupRecord, t: Translate, view: ViewOptions) {
  const m = (value: Parameters<typeof money>[0]) => money(value, view.locale);
  const lines = [t("topup-title", { id: r.id, amount: m(r.amount), provider: providerTitle(r.target) })];
  if (r.orderUid) lines.push(t("topup-order", { uid: r.orderUid }));
  const keyboard = new InlineKeyboard();
  let status: string;
  switch (r.state) {
    case "creating":
      status = t("topup-state-creating");
      break;
    case "awaiting_payment":
    case "exchanging": {
      const word = r.exchangeStatus && STATUS_WORDS.has(r.exchangeStatus) ? r.exchangeStatus : "other";
      status = t(`topup-status-${word}`, { uid: r.orderUid ?? "—", provider: providerTitle(r.target) });
      if (r.state === "awaiting_payment" && r.paymentUrl) {
        keyboard.url(t("topup-button-pay-page"), r.paymentUrl).row();
        if (r.exchangeStatus !== "errorPayment")
          keyboard.text(t("topup-button-paid"), buttons.topupPaid.pack({ id: r.id }));
      }
      break;
    }
    case "sent":
      status = t("topup-state-sent", {
        usdt: r.outAmount ? m(r.outAmount) : "USDT",
        provider: providerTitle(r.target),
      });
      break;
    case "credited":
      status = [
        t("topup-state-credited", { time: clockTime(r.finalAt ?? r.updatedAt, view) }),
        r.credited?.amount ? t("topup-credited-amount", { amount: m(r.credited.amount) }) : "",
        r.credited?.balance
          ? t("topup-credited-balance", { provider: providerTitle(r.target), balance: m(r.credited.balance) })
          : "",
      ]
        .filter(Boolean)
        .join("\n");
      break;
    case "failed":
      status = t(r.failure?.kind === "unknown_outcome" ? "topup-state-failed-unknown" : "topup-state-failed");
      break;
    default:
      status = t(`topup-state-${r.state}`, { uid: r.orderUid ?? "—", provider: providerTitle(r.target) });
  }
  const text = [lines.join("\n"), status].join("\n\n");
  return { text, keyboard: keyboard.inline_keyboard.flat().length > 0 ? keyboard : undefined };
}

export function renderTopupNotice(r: TopupRecord, t: Translate, locale: string): string | undefined {
  const provider = providerTitle(r.target);
  switch (r.state) {
    case "credited":
      return t("topup-notice-credited", {
        provider,
        balance: r.credited?.balance ? money(r.credited.balance, locale) : "—",
      });
    case "returned":
    case "cancelled":
    case "attention":
      return t(`topup-notice-${r.state}`, { provider, amount: money(r.amount, locale) });
    default:
      return undefined;
  }
}

/** What every administrator is told when a balance runs low; a button prefilled to top it up. */
export function renderRunwayAlert(a: RunwayAlert, t: Translate, locale: string, canExchange: boolean) {
  const provider = providerTitle(a.provider);
  const text = [
    a.cause === "insufficient"
      ? t("runway-insufficient", { provider, balance: money(a.balance, locale) })
      : a.days === undefined || a.days === 0
        ? t("runway-under-a-day", { provider, balance: money(a.balance, locale) })
        : t("runway-days", { provider, days: a.days, balance: money(a.balance, locale) }),
    canExchange
      ? t("runway-suggest", { amount: money({ minor: a.suggestedRubMinor, currency: "RUB" }, locale) })
      : t("runway-deposit"),
  ].join("\n");
  const keyboard = canExchange
    ? new InlineKeyboard().text(
        t("runway-button", { amount: money({ minor: a.suggestedRubMinor, currency: "RUB" }, locale) }),
        buttons.topupPrefill.pack({
          provider: a.provider as ProviderName,
          rubles: Math.round(a.suggestedRubMinor / 100),
        }),
      )
    : undefined;
  return { text, keyboard };
}
