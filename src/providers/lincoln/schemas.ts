/**
 * Lincoln wire shapes. The document describes the create request and the IPN, not the answers:
 * an answer is read as an order (`orderUID`, `orderId`, `secret`, `status`, `inAmount`,
 * `outAmount`) at the top level or under `data`, and `{ success: false, error }` is a refusal
 * whatever the HTTP status. Amounts are exact decimals: RUB in, USDT out (our routes).
 */

import { z } from "zod";
import { EXCHANGE_STATUSES, type ExchangeStatus } from "../exchange.js";
import type { ProviderErrorBody } from "../http.js";
import { decimalMoney, maybe } from "../schemas.js";

/** Lincoln's own status name, or `unknown` for one it does not document: never guessed. */
export function toExchangeStatus(name: string): ExchangeStatus | "unknown" {
  return (EXCHANGE_STATUSES as readonly string[]).includes(name) ? (name as ExchangeStatus) : "unknown";
}

/** IPN amounts, checked after the hash: `in` RUB (2 decimals), `out` USDT (6 decimals). */
export const ipnMoneySchema = z.object({ in: decimalMoney("RUB"), out: decimalMoney("USDT") });

const orderUid = z
  .union([z.number().int().nonnegative().refine(Number.isSafeInteger, "must be a safe integer"), z.string()])
  .transform(String)
  .pipe(z.string().regex(/^\d{1,20}$/, "must be a number"));

export const lincolnOrderSchema = z.object({
  orderUID: orderUid,
  orderId: z.string().min(1).max(200),
  secret: maybe(z.string().min(1).max(500)),
  status: maybe(z.string().min(1).max(100)),
  inAmount: maybe(decimalMoney("RUB")),
  outAmount: maybe(decimalMoney("USDT")),
});
export type LincolnOrder = z.output<typeof lincolnOrderSchema>;

const errorFields = z.object({
  code: maybe(z.union([z.string(), z.number()]).transform(String)),
  errorType: maybe(z.string()),
  message: maybe(z.string()),
});

const refusalSchema = z.object({ success: z.literal(false), error: maybe(z.unknown()) });

export type LincolnAnswer = { ok: true; order: LincolnOrder } | { ok: false; error: ProviderErrorBody };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** An order at the top level or under `data`; a refusal `{ success: false }` read apart. */
export const lincolnAnswerSchema = z.unknown().transform((value, ctx): LincolnAnswer => {
  if (refusalSchema.safeParse(value).success) {
    return { ok: false, error: readLincolnError(value) };
  }
  const inner = isObject(value) && isObject(value.data) ? value.data : value;
  const parsed = lincolnOrderSchema.safeParse(inner);
  if (parsed.success) return { ok: true, order: parsed.data };
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  }
  return z.NEVER;
});

/** Any 2xx answer that is not a refusal: the mark-paid convention promises no more than that. */
export const lincolnAcknowledgementSchema = z.unknown().transform((value): LincolnAnswer | { ok: true } => {
  if (refusalSchema.safeParse(value).success) return { ok: false, error: readLincolnError(value) };
  const answer = lincolnAnswerSchema.safeParse(value);
  return answer.success ? answer.data : { ok: true };
});

/** `{ success: false, error: { code | errorType, message } }` (also `error` as plain text). */
export function readLincolnError(body: unknown): ProviderErrorBody {
  if (!isObject(body)) return {};
  const error = body.error;
  if (typeof error === "string") return { message: error };
  const parsed = errorFields.safeParse(error);
  if (!parsed.success) return {};
  return { code: parsed.data.code ?? parsed.data.errorType, message: parsed.data.message };
}
