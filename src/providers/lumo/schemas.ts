/**
 * Lumo B2B wire shapes (quick start document). Amounts arrive as decimal numbers (rubles, USDT,
 * TRX) and leave these schemas as minor units.
 */

import { z } from "zod";
import { decimalMoney, maybe, rateText, timestamp } from "../schemas.js";
import type { StatusTable } from "../status.js";

export const LUMO_STATUS_NAMES = [
  "created",
  "in_progress",
  "success",
  "failed",
  "expired_no_taker",
  "expired_by_system",
  "disputed",
] as const;
export type LumoStatus = (typeof LUMO_STATUS_NAMES)[number];

export const LUMO_STATUSES: StatusTable<LumoStatus> = {
  created: "quoted",
  in_progress: "processing",
  success: "succeeded",
  failed: "failed",
  // After accept: nobody took the order before `paymentUntil`. Before accept: a quote left to lapse.
  expired_no_taker: "expired",
  expired_by_system: "expired",
  disputed: "disputed",
};

const rub = decimalMoney("RUB");
const usdt = decimalMoney("USDT");
const id = z.string().min(1).max(200);

export const lumoBalanceSchema = z.object({
  address: z.string().min(1),
  usdtBalance: usdt,
  trxBalance: decimalMoney("TRX"),
});

export const lumoQuoteSchema = z.object({
  id,
  amountRub: rub,
  amountUsdt: usdt,
  rate: maybe(rateText),
  expiresAt: timestamp,
  isBalanceSufficient: maybe(z.boolean()),
  merchantName: maybe(z.string()),
  externalOrderId: maybe(z.string()),
});

/** The answer of accept and of GET /orders/{id}. */
export const lumoOrderSchema = z.object({
  id,
  status: z.enum(LUMO_STATUS_NAMES),
  amountRub: maybe(rub),
  amountUsdt: maybe(usdt),
  merchantName: maybe(z.string()),
  externalOrderId: maybe(z.string()),
  expiresAt: maybe(timestamp),
  paymentUntil: maybe(timestamp),
  failureReason: maybe(z.string()),
  createdAt: maybe(timestamp),
  updatedAt: maybe(timestamp),
  completedAt: maybe(timestamp),
});
export type LumoOrder = z.output<typeof lumoOrderSchema>;

export const lumoWebhookSchema = z.object({
  event: z.literal("order.status_changed"),
  orderId: id,
  status: z.enum(LUMO_STATUS_NAMES),
  amountRub: maybe(rub),
  amountUsdt: maybe(usdt),
  externalOrderId: maybe(z.string()),
  failureReason: maybe(z.string()),
  createdAt: maybe(timestamp),
  completedAt: maybe(timestamp),
});

/**
 * The document shows no error body. Read the usual shapes leniently: `{code, message}`,
 * `{error: {code, message}}`, and NestJS-style `{statusCode, error: "Bad Request", message}`.
 */
const lumoErrorSchema = z.object({
  code: z.string().optional(),
  error: z
    .union([z.string(), z.object({ code: z.string().optional(), message: z.string().optional() })])
    .optional(),
  message: z.union([z.string(), z.array(z.string())]).optional(),
});

export function readLumoError(body: unknown): { code?: string; message?: string } {
  const parsed = lumoErrorSchema.safeParse(body);
  if (!parsed.success) return {};
  const { code, error, message } = parsed.data;
  const nested = typeof error === "object" ? error : undefined;
  return {
    code: code ?? nested?.code,
    message: (Array.isArray(message) ? message.join("; ") : message) ?? nested?.message,
  };
}
