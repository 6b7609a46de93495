/**
 * Reading invoice answers without throwing them away: a status name we do not know becomes
 * `unknown`, and an amount we cannot trust becomes a line in `problems` instead of a parse error, so
 * the invoice still reaches the domain, which marks it for a person and never credits it.
 */

import { CURRENCIES, type Currency, type Money, MoneyError, toMinor } from "../money.js";
import type { Invoice, InvoiceStatus } from "./receive.js";

/** A provider's status names → ours. A name missing from the table is `unknown`, never guessed. */
export type InvoiceStatusTable = Readonly<Record<string, InvoiceStatus>>;

export function invoiceStatus(table: InvoiceStatusTable, name: string): InvoiceStatus {
  return Object.hasOwn(table, name) ? table[name]! : "unknown";
}

/** Short enough for a log line and a card, recognisable enough for support. */
export function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * A decimal amount read exactly, or undefined with the reason added to `problems`. Absent stays
 * absent without a problem: whether that matters is the caller's call.
 */
export function readAmount(
  problems: string[],
  field: string,
  value: number | string | undefined,
  currency: Currency,
  options: { signed?: boolean } = {},
): Money | undefined {
  if (value === undefined) return undefined;
  let minor: number;
  try {
    minor = toMinor(value, currency);
  } catch (error) {
    const decimals = CURRENCIES[currency].decimals;
    const why =
      error instanceof MoneyError && /more than/.test(error.message)
        ? `has more than ${decimals} decimals for ${currency}`
        : `is not a ${currency} amount`;
    problems.push(`${field} ${quoted(value)} ${why}`);
    return undefined;
  }
  if (minor < 0 && !options.signed) {
    problems.push(`${field} ${quoted(value)} is negative`);
    return undefined;
  }
  return { minor, currency };
}

/** An http(s) URL for a person to open, or undefined with the reason in `problems`. */
export function readPageUrl(
  problems: string[],
  field: string,
  value: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  if (/^https?:\/\/[^\s/]+/i.test(value) && URL.canParse(value)) return value;
  problems.push(`${field} ${quoted(value)} is not an http(s) URL`);
  return undefined;
}

/** A status read must be about the invoice asked for; an answer about another one is never trusted. */
export function checkSameInvoice(invoice: Invoice, askedFor: string): Invoice {
  if (invoice.providerId === askedFor) return invoice;
  const problem = `the answer is about ${quoted(invoice.providerId)}, not ${quoted(askedFor)}`;
  const { amount: _, creditedUsdt: __, commission: ___, ...rest } = invoice;
  return { ...rest, problems: [...(invoice.problems ?? []), problem] };
}
