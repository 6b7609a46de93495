/**
 * Merchant REST API v1 wire shapes (document 003). The document shows only the Callback V3 body;
 * the order endpoints and their answer are our convention (docs/providers.md). Read leniently like
 * Meridian's: unknown status → `unknown`, untrustworthy amount → a problem on the invoice.
 */

import { z } from "zod";
import type { Money } from "../../money.js";
import type { ProviderErrorBody } from "../http.js";
import {
  type InvoiceStatusTable,
  invoiceStatus,
  quoted,
  readAmount,
  readPageUrl,
} from "../invoice-reading.js";
import type { Invoice, InvoiceNotification } from "../receive.js";
import { maybe, timestamp } from "../schemas.js";

/** `timeout` is the document's; the others are our convention's. Anything else is `unknown`. */
export const MERCHANT_STATUSES: InvoiceStatusTable = {
  pending: "pending",
  paid: "paid",
  timeout: "expired",
  canceled: "cancelled",
};

const amount = z.union([z.number(), z.string()]);
const orderId = z.union([z.string().min(1).max(255), z.number().int()]).transform(String);

/** The answer of POST /api/v1/orders and GET /api/v1/orders/{uuid} (our convention). */
export const merchantOrderSchema = z.object({
  uuid: z.string().min(1).max(200),
  status: z.string().min(1).max(100),
  amount_local: maybe(amount),
  amount_usdt: maybe(amount),
  merchant_commission: maybe(amount),
  currency: maybe(z.string()),
  payment_url: maybe(z.string()),
  /** ISO 8601, or unix seconds. */
  expires_at: maybe(
    z.union([
      timestamp,
      z
        .number()
        .int()
        .positive()
        .transform((seconds) => new Date(seconds * 1000)),
    ]),
  ),
  merchant_order_id: maybe(orderId),
});
export type MerchantOrder = z.output<typeof merchantOrderSchema>;

/** Callback V3, as the document shows it; its table also lists `uuid`, which the example lacks. */
export const merchantCallbackSchema = z
  .object({
    uuid: maybe(z.string().min(1).max(200)),
    status: z.string().min(1).max(100),
    amount_usdt: maybe(amount),
    amount_local: maybe(amount),
    currency: maybe(z.string()),
    merchant_commission: maybe(amount),
    merchant_order_id: maybe(orderId),
  })
  .refine((c) => c.uuid !== undefined || c.merchant_order_id !== undefined, {
    message: "needs uuid or merchant_order_id",
  });
export type MerchantCallback = z.output<typeof merchantCallbackSchema>;

type StatedAmounts = Pick<MerchantOrder, "amount_local" | "amount_usdt" | "merchant_commission" | "currency">;

/** amount_local → RUB, amount_usdt → USDT credited, merchant_commission → signed USDT; all exact. */
function readAmounts(problems: string[], wire: StatedAmounts) {
  let rubles: Money | undefined;
  if (wire.currency !== undefined && wire.currency !== "RUB") {
    problems.push(`currency ${quoted(wire.currency)} is not RUB`);
  } else if (wire.amount_local === undefined) {
    problems.push("amount_local is missing");
  } else {
    rubles = readAmount(problems, "amount_local", wire.amount_local, "RUB");
  }
  return {
    amount: rubles,
    creditedUsdt: readAmount(problems, "amount_usdt", wire.amount_usdt, "USDT"),
    commission: readAmount(problems, "merchant_commission", wire.merchant_commission, "USDT", {
      signed: true,
    }),
  };
}

export interface ExpectedOrder {
  reference: string;
  amount: Money;
}

export function toInvoice(wire: MerchantOrder, expected?: ExpectedOrder): Invoice {
  const problems: string[] = [];
  const amounts = readAmounts(problems, wire);
  if (expected && amounts.amount && amounts.amount.minor !== expected.amount.minor) {
    problems.push(
      `amount_local ${quoted(wire.amount_local)} differs from the ${expected.amount.minor} kopecks asked for`,
    );
  }
  if (expected && wire.merchant_order_id !== undefined && wire.merchant_order_id !== expected.reference) {
    problems.push(
      `merchant_order_id ${quoted(wire.merchant_order_id)} is not the reference ${quoted(expected.reference)}`,
    );
  }
  const paymentUrl = readPageUrl(problems, "payment_url", wire.payment_url);
  return {
    provider: "merchant",
    providerId: wire.uuid,
    reference: wire.merchant_order_id,
    status: invoiceStatus(MERCHANT_STATUSES, wire.status),
    providerStatus: wire.status,
    ...amounts,
    method: "link",
    paymentUrl,
    expiresAt: wire.expires_at,
    ...(problems.length > 0 && { problems }),
  };
}

/** What a callback claims; `eventId` and `signed` come from the verifier. */
export function callbackClaims(
  wire: MerchantCallback,
): Omit<InvoiceNotification, "eventId" | "signed" | "provider"> {
  const problems: string[] = [];
  const amounts = readAmounts(problems, wire);
  return {
    providerId: wire.uuid,
    reference: wire.merchant_order_id,
    status: invoiceStatus(MERCHANT_STATUSES, wire.status),
    providerStatus: wire.status,
    ...amounts,
    ...(problems.length > 0 && { problems }),
  };
}

const merchantErrorSchema = z.object({
  error: z
    .union([z.string(), z.object({ code: z.string().optional(), message: z.string().optional() })])
    .optional(),
  message: z.string().optional(),
  code: z.string().optional(),
});

/** No error body is documented: `{error, message}`, `{error: {code, message}}` and `{code, message}`. */
export function readMerchantError(body: unknown): ProviderErrorBody {
  const parsed = merchantErrorSchema.safeParse(body);
  if (!parsed.success) return {};
  const { error, message, code } = parsed.data;
  const nested = typeof error === "object" ? error : undefined;
  return {
    code: code ?? nested?.code ?? (typeof error === "string" ? error : undefined),
    message: message ?? nested?.message,
  };
}
