import type { Limits } from "../../payments/limits.js";
import type { PersonRecord } from "../../store/types.js";
import type { Refusal } from "../../team/service.js";
import { escapeHtml } from "../html.js";
import { money, type Translate } from "./format.js";

/** People on one page of the /users menu (Telegram draws at most ~100 buttons on a message). */
export const TEAM_PAGE_SIZE = 20;

const rub = (minor: number, locale: string) => money({ minor, currency: "RUB" }, locale);

/** What the person is told when the team service refuses a change (HTML unless `plain`). */
export function refusalText(
  t: Translate,
  refusal: Refusal,
  id: number,
  name: string | undefined,
  plain = false,
): string {
  const who = plain ? (name ?? String(id)) : escapeHtml(name ?? String(id));
  switch (refusal) {
    case "not_found":
      return t("person-not-found", { id: String(id) });
    case "configured":
      return t("person-configured", { name: who });
    case "last_admin":
      return t("person-last-admin", { name: who });
    case "forbidden":
      return t("access-admin-only");
  }
}

/** The text above the list of people: how many, which page, what the buttons do. */
export function teamListText(t: Translate, count: number, page: number): string {
  const pages = Math.max(1, Math.ceil(count / TEAM_PAGE_SIZE));
  return [
    t("team-title", { count: String(count) }),
    ...(pages > 1 ? [t("team-page", { page: String(page + 1), pages: String(pages) })] : []),
    t("team-hint"),
  ].join("\n");
}

/** A person's button in the list (plain text): name, role, 🔒 for an administrator by configuration. */
export function personButtonLabel(t: Translate, person: PersonRecord, configured: boolean): string {
  const label = t("team-person-button", { name: person.name, role: t(`role-${person.role}`) });
  return configured ? `${label} 🔒` : label;
}

export interface PersonScreen {
  person: PersonRecord;
  configured: boolean;
  /** What applies to them: their own where set, else the company's. */
  limits: Limits;
  spentTodayMinor: number;
  locale: string;
}

/** Whether payments limit this person: administrators pay without limits or approvals. */
export const isUnlimited = (screen: Pick<PersonScreen, "person" | "configured">) =>
  screen.configured || screen.person.role === "admin";

/** One person's screen (HTML): name, role, limits (none for an administrator), spent today. */
export function personScreenText(t: Translate, screen: PersonScreen): string {
  const { person, locale } = screen;
  const mark = (own: number | undefined) => t(own === undefined ? "limits-default-mark" : "limits-own-mark");
  const limits = isUnlimited(screen)
    ? t("team-person-unlimited")
    : t("team-person-limits", {
        perPayment: rub(screen.limits.perPaymentMinor, locale),
        perPaymentMark: mark(person.limits?.perPaymentMinor),
        perDay: rub(screen.limits.perDayMinor, locale),
        perDayMark: mark(person.limits?.perDayMinor),
      });
  const text = t("team-person", {
    name: escapeHtml(person.name) + (person.username ? ` (@${escapeHtml(person.username)})` : ""),
    role: t(`role-${person.role}`),
    limits,
    spent: rub(screen.spentTodayMinor, locale),
    id: String(person.id),
  });
  return screen.configured ? `${text}\n${t("team-person-configured")}` : text;
}

/** The role picker's text (HTML). */
export function roleScreenText(t: Translate, person: PersonRecord): string {
  return t("team-role-title", { name: escapeHtml(person.name), role: t(`role-${person.role}`) });
}
