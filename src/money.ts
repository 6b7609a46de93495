/**
 * Money inside the program is an integer count of minor units (kopecks for RUB, micro-units for
 * USDT and TRX). Decimal values exist only at the boundaries: parsed from provider JSON with
 * {@link toMinor}, printed for people with {@link formatMoney}. No arithmetic on floats.
 */

export const CURRENCIES = {
  RUB: { decimals: 2, symbol: "₽" },
  USDT: { decimals: 6, symbol: "USDT" },
  TRX: { decimals: 6, symbol: "TRX" },
} as const;

export type Currency = keyof typeof CURRENCIES;

/** An amount in minor units of some currency. Always a safe integer. */
export type Minor = number;

export interface Money {
  minor: Minor;
  currency: Currency;
}

export class MoneyError extends Error {
  override name = "MoneyError";
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Converts a decimal amount (a JSON number or a decimal string) to minor units exactly.
 * Rejects values with more significant decimals than the currency has: `52.631` USDT is fine
 * (6 decimals), `5000.001` RUB is not, and neither is `0.1 + 0.2` (0.30000000000000004).
 */
export function toMinor(value: number | string, currency: Currency): Minor {
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyError(`not a decimal amount: ${JSON.stringify(text).slice(0, 40)}`);
  const [, sign, intPart = "", fracPart = "", exp] = match;
  let digits = intPart + fracPart;
  let scale = fracPart.length - Number(exp ?? 0);
  const decimals = CURRENCIES[currency].decimals;
  // Trailing zeros beyond the currency's precision are harmless: 5000.000 RUB is 5000.00.
  while (scale > decimals && digits.endsWith("0")) {
    digits = digits.slice(0, -1);
    scale--;
  }
  if (scale > decimals) {
    throw new MoneyError(`${text} has more than ${decimals} decimals for ${currency}`);
  }
  const minor = Number(digits + "0".repeat(decimals - scale)) * (sign === "-" ? -1 : 1);
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`${text} ${currency} is out of range`);
  return minor === 0 ? 0 : minor;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyError(`not a finite amount: ${value}`);
  // String() gives the shortest text that round-trips, so 52.63 stays "52.63".
  return String(value);
}

/** Minor units back to a plain decimal string with the currency's decimals: 500000 RUB → "5000.00". */
export function toDecimalString(minor: Minor, currency: Currency): string {
  assertMinor(minor);
  const decimals = CURRENCIES[currency].decimals;
  const abs = Math.abs(minor)
    .toString()
    .padStart(decimals + 1, "0");
  const int = abs.slice(0, abs.length - decimals);
  const frac = abs.slice(abs.length - decimals);
  return `${minor < 0 ? "-" : ""}${int}${decimals > 0 ? `.${frac}` : ""}`;
}

/**
 * Minor units as the JSON number a provider wants in its body (150000 RUB → 1500, 150050 → 1500.5),
 * built from the exact decimal text. Refuses an amount whose text would not survive as a double.
 */
export function toDecimalNumber(minor: Minor, currency: Currency): number {
  const fixed = toDecimalString(minor, currency);
  const text = fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  const value = Number(text);
  if (String(value) !== text) throw new MoneyError(`${text} ${currency} cannot be sent as an exact number`);
  return value;
}

export type MoneyLocale = "ru" | "en";

const NBSP = "\u00a0";

/**
 * Formats an amount for people. RUB always shows kopecks (`5 000,00 ₽`); crypto amounts show at
 * least two decimals and drop trailing zeros beyond that (`52,63 USDT`, `0,000001 USDT`).
 * Russian uses a no-break space between groups and before the symbol, as `ru-RU` does.
 */
export function formatMoney(minor: Minor, currency: Currency, locale: MoneyLocale = "ru"): string {
  return `${formatAmount(minor, currency, locale)}${NBSP}${CURRENCIES[currency].symbol}`;
}

/**
 * The number alone, as {@link formatMoney} prints it (`5 000,00` for RUB, `52,63` for USDT): for a
 * field whose label names the currency. {@link parseAmountInput} reads it back.
 */
export function formatAmount(minor: Minor, currency: Currency, locale: MoneyLocale = "ru"): string {
  return formatDecimal(toDecimalString(minor, currency), locale, currency === "RUB" ? "fixed" : "trim");
}

/**
 * Formats a decimal string (as produced by {@link toDecimalString}, or a provider's rate) with
 * locale grouping, without ever going through a float.
 */
export function formatDecimal(decimal: string, locale: MoneyLocale = "ru", mode: "fixed" | "trim" = "fixed") {
  const negative = decimal.startsWith("-");
  const [intPart = "0", fracRaw = ""] = (negative ? decimal.slice(1) : decimal).split(".");
  let frac = fracRaw;
  if (mode === "trim") {
    frac = frac.replace(/0+$/, "");
    if (frac.length < 2) frac = frac.padEnd(2, "0");
  }
  const groupSep = locale === "ru" ? NBSP : ",";
  const decimalSep = locale === "ru" ? "," : ".";
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, groupSep);
  return `${negative ? "-" : ""}${grouped}${frac ? decimalSep + frac : ""}`;
}

/** Adds amounts of one currency, refusing to leave the safe-integer range. */
export function addMinor(...amounts: Minor[]): Minor {
  let total = 0;
  for (const amount of amounts) {
    assertMinor(amount);
    total += amount;
  }
  assertMinor(total);
  return total;
}

function assertMinor(value: Minor): void {
  if (!Number.isSafeInteger(value)) throw new MoneyError(`not an amount in minor units: ${value}`);
}

/**
 * Parses an amount as people type it and as {@link formatAmount} prints it in Russian: groups
 * separated by spaces (no-break and narrow no-break ones too), a comma (or a dot) before at most
 * the currency's decimals — "5 000,00", "5000.5", "0". Returns minor units, or null when the text
 * is not a clean amount of zero or more.
 */
export function parseAmountInput(text: string, currency: Currency): Minor | null {
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(text.replace(/[\s\u00a0\u202f]/g, ""));
  if (!match) return null;
  const [, int = "", frac] = match;
  if (frac !== undefined && frac.length > CURRENCIES[currency].decimals) return null;
  try {
    return toMinor(frac === undefined ? int : `${int}.${frac}`, currency);
  } catch (err) {
    // Out of the safe-integer range.
    if (err instanceof MoneyError) return null;
    throw err;
  }
}

/**
 * Parses an amount typed by a person in rubles: "5000", "5 000,50", "5000.5", "1 234 567", with or
 * without "₽" / "руб.". Returns kopecks, or null when the text is not a clean positive amount.
 */
export function parseRublesInput(text: string): Minor | null {
  const minor = parseAmountInput(text.replace(/₽|руб\.?|rub/gi, ""), "RUB");
  return minor !== null && minor > 0 ? minor : null;
}
