/**
 * Meridian invoice wire shapes (document 001). Read leniently on purpose: a status name we do not
 * know becomes `unknown` and an amount we cannot trust becomes a problem on the invoice, so a paid
 * invoice with a strange field still reaches a person instead of vanishing as a parse error.
 */

import { z } from "zod";
import type { Money } from "../../money.js";
import type { ProviderErrorBody } from "../http.js";
import { type InvoiceStatusTable, invoiceStatus, quoted, readAmount } from "../invoice-reading.js";
import type { Invoice, InvoiceMethod, Requisite } from "../receive.js";
import { maybe, rateText, timestamp } from "../schemas.js";

/** `processing` is named in the text («new → processing → paid») though not in the status list. */
export const MERIDIAN_STATUSES: InvoiceStatusTable = {
  new: "pending",
  processing: "processing",
  paid: "paid",
  expired: "expired",
  canceled: "cancelled",
  dispute: "disputed",
};

export const MERIDIAN_METHOD_NAMES = ["SBP", "TO_CARD"] as const;
export type MeridianMethod = (typeof MERIDIAN_METHOD_NAMES)[number];

export const MERIDIAN_METHODS: Readonly<Record<MeridianMethod, InvoiceMethod>> = {
  SBP: "sbp",
  TO_CARD: "card",
};

export function meridianMethodFor(method: InvoiceMethod): MeridianMethod | undefined {
  return MERIDIAN_METHOD_NAMES.find((name) => MERIDIAN_METHODS[name] === method);
}

/** The `paymentOption` values the document lists. */
export const MERIDIAN_BANKS = ["sberbank", "tinkoff", "alfa", "vtb", "raiffeisen"] as const;

/** The 503 body's text when no trader can take the payment. */
export const MERIDIAN_NO_REQUISITES = "Нет доступных реквизитов";

const decimalInput = z.union([z.string(), z.number()]);

/** The answer of create and of GET /api/v1/invoices/:id, and (our convention) a notification's body. */
export const meridianInvoiceSchema = z.object({
  id: z.string().min(1).max(200),
  direction: maybe(z.string()),
  status: z.string().min(1).max(100),
  paymentMethod: maybe(z.string()),
  paymentOption: maybe(z.string()),
  amount: maybe(decimalInput),
  currency: maybe(z.string()),
  expireAt: maybe(timestamp),
  requisiteId: maybe(z.string()),
  /** A JSON string inside the JSON; an object is taken as well. */
  dealRequisites: maybe(z.union([z.string(), z.record(z.string(), z.unknown())])),
  dealRate: maybe(decimalInput),
  createdAt: maybe(timestamp),
  updatedAt: maybe(timestamp),
  internalId: maybe(z.string()),
  merchantName: maybe(z.string()),
});
export type MeridianInvoice = z.output<typeof meridianInvoiceSchema>;

/** What we asked for, to catch an answer about something else. */
export interface ExpectedInvoice {
  reference: string;
  amount: Money;
}

export function toInvoice(wire: MeridianInvoice, expected?: ExpectedInvoice): Invoice {
  const problems: string[] = [];
  if (wire.direction !== undefined && wire.direction !== "in") {
    problems.push(`direction ${quoted(wire.direction)} is not "in"`);
  }
  const amount = readRubles(problems, wire);
  if (expected && amount && amount.minor !== expected.amount.minor) {
    problems.push(
      `amount ${quoted(wire.amount)} differs from the ${expected.amount.minor} kopecks asked for`,
    );
  }
  if (expected && wire.internalId !== undefined && wire.internalId !== expected.reference) {
    problems.push(`internalId ${quoted(wire.internalId)} is not the reference ${quoted(expected.reference)}`);
  }
  const requisites = readRequisites(problems, wire.dealRequisites);
  const rate = wire.dealRate === undefined ? undefined : rateText.safeParse(wire.dealRate).data;
  const method = wire.paymentMethod;
  return {
    provider: "meridian",
    providerId: wire.id,
    reference: wire.internalId,
    status: invoiceStatus(MERIDIAN_STATUSES, wire.status),
    providerStatus: wire.status,
    amount,
    method:
      method !== undefined && Object.hasOwn(MERIDIAN_METHODS, method)
        ? MERIDIAN_METHODS[method as MeridianMethod]
        : undefined,
    bank: wire.paymentOption,
    requisites,
    rate,
    expiresAt: wire.expireAt,
    createdAt: wire.createdAt,
    updatedAt: wire.updatedAt,
    ...(problems.length > 0 && { problems }),
  };
}

function readRubles(problems: string[], wire: MeridianInvoice): Money | undefined {
  if (wire.amount === undefined) {
    problems.push("amount is missing");
    return undefined;
  }
  if (wire.currency !== undefined && wire.currency !== "RUB") {
    problems.push(`currency ${quoted(wire.currency)} is not RUB`);
    return undefined;
  }
  return readAmount(problems, "amount", wire.amount, "RUB");
}

/**
 * `dealRequisites` → one line per key, every key kept in the provider's order. Values that are not
 * text are written as text; an integer too large for a double (a card number sent as a number) has
 * already lost digits in JSON.parse, so it is a problem, never shown.
 */
export function readRequisites(
  problems: string[],
  value: MeridianInvoice["dealRequisites"],
): Requisite[] | undefined {
  if (value === undefined) return undefined;
  let object: unknown = value;
  if (typeof value === "string") {
    try {
      object = JSON.parse(value);
    } catch {
      object = undefined;
    }
  }
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    problems.push("dealRequisites is not a JSON object");
    return undefined;
  }
  const requisites: Requisite[] = [];
  for (const [key, inner] of Object.entries(object)) {
    if (typeof inner === "number" && Number.isInteger(inner) && !Number.isSafeInteger(inner)) {
      problems.push(`dealRequisites.${key} is a number too long to read exactly`);
      continue;
    }
    const text =
      typeof inner === "string"
        ? inner
        : inner === null
          ? ""
          : typeof inner === "object"
            ? JSON.stringify(inner)
            : String(inner);
    requisites.push({ key, value: text });
  }
  return requisites;
}

const meridianErrorSchema = z.object({
  error: z
    .union([z.string(), z.object({ code: z.string().optional(), message: z.string().optional() })])
    .optional(),
  message: z.string().optional(),
  code: z.string().optional(),
});

/** The document shows `{"error": "<text>"}`; a nested `{error: {code, message}}` is read too. */
export function readMeridianError(body: unknown): ProviderErrorBody {
  const parsed = meridianErrorSchema.safeParse(body);
  if (!parsed.success) return {};
  const { error, message, code } = parsed.data;
  const text = (typeof error === "string" ? error : error?.message) ?? message;
  return {
    code: code ?? (typeof error === "object" ? error.code : undefined),
    message: text,
    ...(text?.trim().toLowerCase() === MERIDIAN_NO_REQUISITES.toLowerCase() && {
      kind: "no_requisites" as const,
    }),
  };
}
