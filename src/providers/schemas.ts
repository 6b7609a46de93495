/** zod pieces every provider's `schemas.ts` uses at the boundary: amounts, timestamps, rates. */

import { z } from "zod";
import { CURRENCIES, type Currency, type Money, toMinor } from "../money.js";

/**
 * A decimal amount (JSON number or decimal string) → {@link Money} in minor units, exactly.
 * More decimals than the currency has (5000.001 RUB, 0.1 + 0.2) fail the parse: a bad_response.
 * Negative amounts fail too, unless `signed` (a commission stated as -0.098).
 */
export function decimalMoney(currency: Currency, options: { signed?: boolean } = {}) {
  const decimals = CURRENCIES[currency].decimals;
  return z.union([z.number(), z.string()]).transform((value, ctx): Money => {
    const money = readDecimalMoney(value, currency, options);
    if (money) return money;
    ctx.addIssue({
      code: "custom",
      message: `must be a ${options.signed ? "" : "non-negative "}${currency} amount with at most ${decimals} decimals`,
    });
    return z.NEVER;
  });
}

/** The same reading without zod: undefined when the value is not such an amount. */
export function readDecimalMoney(
  value: number | string,
  currency: Currency,
  options: { signed?: boolean } = {},
): Money | undefined {
  try {
    const minor = toMinor(value, currency);
    if (options.signed || minor >= 0) return { minor, currency };
  } catch {
    // not an amount
  }
  return undefined;
}

/** An integer amount already in minor units (ArdorQR's `…Minor` fields). */
export function minorMoney(currency: Currency, options: { signed?: boolean } = {}) {
  const int = z.number().int().refine(Number.isSafeInteger, "must be a safe integer");
  return (options.signed ? int : int.refine((v) => v >= 0, "must not be negative")).transform(
    (minor): Money => ({ minor, currency }),
  );
}

export const timestamp = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

/** A positive rate as decimal text with at least two decimals, for display ("95.00"). */
export const rateText = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : String(value).trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || Number(text) <= 0) {
    ctx.addIssue({ code: "custom", message: "must be a positive decimal rate" });
    return z.NEVER;
  }
  return `${match[1]}.${(match[2] ?? "").padEnd(2, "0")}`;
});

/** `null` and absent both become undefined, so normalized types only carry `?:` fields. */
export function maybe<S extends z.ZodType>(schema: S) {
  return schema.nullish().transform((value) => value ?? undefined);
}
