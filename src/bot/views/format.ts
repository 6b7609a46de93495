import { type Currency, formatDecimal, formatMoney, type Money } from "../../money.js";
import type { Person } from "../../payments/types.js";
import { escapeHtml } from "../html.js";

/** A translation function bound to one language (ctx.t, or i18n.t with a fixed locale). */
export type Translate = (key: string, variables?: Record<string, string | number>) => string;

export interface ViewOptions {
  locale: string;
  timeZone: string;
}

export { providerTitle } from "../../providers/registry.js";

const moneyLocale = (locale: string) => (locale === "en" ? "en" : "ru");

export function money(value: Money, locale: string): string {
  return formatMoney(value.minor, value.currency as Currency, moneyLocale(locale));
}

export function decimal(text: string, locale: string): string {
  return formatDecimal(text, moneyLocale(locale), "trim");
}

export function personName(person: Person): string {
  return escapeHtml(person.name || (person.username ? `@${person.username}` : String(person.id)));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl.DateTimeFormat costs far more than using one: one per locale, zone and style. */
function formatter(style: "time" | "dateTime", { locale, timeZone }: ViewOptions): Intl.DateTimeFormat {
  const key = `${style}|${locale}|${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ru-RU", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      ...(style === "time" ? { second: "2-digit" } : { day: "2-digit", month: "2-digit", year: "numeric" }),
    });
    formatters.set(key, format);
  }
  return format;
}

/** "15:10:05 МСК": a time with seconds and the zone (quote lifetimes, payment times). */
export function time(ms: number, view: ViewOptions): string {
  return `${formatter("time", view).format(ms)} ${zoneName(view)}`;
}

/** "01.12.2026, 15:10 МСК": a date with the year, the time and the zone. */
export function dateTime(ms: number, view: ViewOptions): string {
  return `${formatter("dateTime", view).format(ms)} ${zoneName(view)}`;
}

/** The zone people know a time by: «МСК» for Moscow, else what Intl calls it (GMT+5…). */
export function zoneName({ locale, timeZone }: ViewOptions): string {
  if (timeZone === "Europe/Moscow") return locale === "en" ? "MSK" : "МСК";
  const part = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ru-RU", {
    timeZone,
    timeZoneName: "short",
  })
    .formatToParts(0)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** "15:10 МСК": hours and minutes with the zone. */
export function clockTime(ms: number, view: ViewOptions): string {
  return `${formatter("dateTime", view)
    .formatToParts(ms)
    .filter((p) => p.type === "hour" || p.type === "minute")
    .map((p) => p.value)
    .join(":")} ${zoneName(view)}`;
}
