import type { AuditEntry } from "../../store/types.js";
import { escapeHtml } from "../html.js";
import { dateTime, money, providerTitle, type Translate, type ViewOptions } from "./format.js";

/** Actions with words of their own; `topup.<state>` share one, anything else reads «другое событие». */
const KNOWN = new Set([
  "invite.issued",
  "invite.used",
  "invite.revoked",
  "invite.invalid",
  "person.role_changed",
  "person.removed",
  "limits.changed",
  "payment.quoted",
  "payment.pay",
  "approval.requested",
  "approval.approved",
  "approval.rejected",
  "payment.final",
  "webhook.rejected",
  "export.sent",
  "invoice.requested",
  "invoice.issued",
  "invoice.cancelled",
  "invoice.final",
  "topup.requested",
  "topup.marked_paid",
  "topup.final",
]);

/** "2026-12-01" → "01.12.2026", as dates are written in replies. */
const day = (value: unknown) => {
  const iso = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return iso ? `${iso[3]}.${iso[2]}.${iso[1]}` : typeof value === "string" ? value : "—";
};

const text = (value: unknown) =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : "";

/** One line per event, as a person reads it: when, who, what, which record, how much in ₽. */
export function renderAuditLine(e: AuditEntry, t: Translate, view: ViewOptions): string {
  const d = e.details;
  const rub = (minor: unknown) =>
    typeof minor === "number" ? money({ minor, currency: "RUB" }, view.locale) : "—";
  const role = (value: unknown) => (typeof value === "string" ? t(`role-${value}`) : "—");
  const id = text(d.paymentId) || text(d.invoiceId) || text(d.topupId);
  const action = KNOWN.has(e.action) ? e.action : e.action.startsWith("topup.") ? "topup.step" : "other";
  const what = t(`audit-${action.replace(".", "-")}`, {
    id: id ? `<code>${escapeHtml(id)}</code>` : "—",
    amount: rub(d.amountMinor),
    role: role(d.role),
    from: role(d.from),
    to: role(d.to),
    person: escapeHtml(text(d.name) || text(d.personId) || "—"),
    perPayment: rub(d.perPaymentMinor),
    perDay: rub(d.perDayMinor),
    reset: d.reset ? "yes" : "no",
    state: t(`audit-state-${text(d.state) || e.action.slice(e.action.indexOf(".") + 1)}`),
    provider: providerTitle(text(d.provider)),
    reason: t(`audit-reason-${text(d.reason) || "other"}`),
    from_day: escapeHtml(day(d.from)),
    to_day: escapeHtml(day(d.to)),
    rows: text(d.rows),
  });
  return t("audit-line", {
    at: dateTime(e.at, view),
    who: escapeHtml(e.actor?.name ?? t("audit-system")),
    what,
  });
}
