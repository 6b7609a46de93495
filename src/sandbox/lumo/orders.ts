/** Lumo's order as the simulator keeps it, and its wire shapes (decimal amounts, ISO times). */

import { toDecimalString } from "../../money.js";
import type { LumoStatus } from "../../providers/lumo/schemas.js";

export interface LumoSimOrder {
  id: string;
  externalOrderId: string;
  qrCode: string;
  amountRubMinor: number;
  amountUsdtMicro: number;
  /** RUB per USDT, decimal text. */
  rate: string;
  merchantName: string;
  status: LumoStatus;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  /** Set on accept: until when a taker may pay the merchant. */
  paymentUntil?: number;
  completedAt?: number;
  failureReason?: string;
}

/** As a JSON number, the way Lumo sends amounts (`52.63`, `5000`). */
export function decimal(minor: number, currency: "RUB" | "USDT" | "TRX"): number {
  return Number(toDecimalString(minor, currency));
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function quoteJson(order: LumoSimOrder, balanceSufficient: boolean) {
  return {
    id: order.id,
    amountRub: decimal(order.amountRubMinor, "RUB"),
    amountUsdt: decimal(order.amountUsdtMicro, "USDT"),
    rate: Number(order.rate),
    expiresAt: iso(order.expiresAt),
    isBalanceSufficient: balanceSufficient,
    merchantName: order.merchantName,
  };
}

export function orderJson(order: LumoSimOrder) {
  return {
    id: order.id,
    amountUsdt: decimal(order.amountUsdtMicro, "USDT"),
    amountRub: decimal(order.amountRubMinor, "RUB"),
    status: order.status,
    expiresAt: iso(order.expiresAt),
    paymentUntil: iso(order.paymentUntil),
    merchantName: order.merchantName,
    externalOrderId: order.externalOrderId,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
    completedAt: iso(order.completedAt),
    failureReason: order.failureReason,
  };
}

export function webhookJson(order: LumoSimOrder) {
  return {
    event: "order.status_changed",
    orderId: order.id,
    status: order.status,
    amountUsdt: decimal(order.amountUsdtMicro, "USDT"),
    amountRub: decimal(order.amountRubMinor, "RUB"),
    externalOrderId: order.externalOrderId,
    failureReason: order.failureReason,
    completedAt: iso(order.completedAt),
    createdAt: iso(order.createdAt),
  };
}

/**
 * RUB kopecks → USDT micro-units at `rateKopecks` per USDT, rounded half up to whole cents as
 * Lumo's example does (5000.00 ₽ at 95.00 → 52.63 USDT).
 */
export function rubToUsdtMicro(rubMinor: number, rateKopecks: number): number {
  const cents = Math.floor((rubMinor * 100 * 2 + rateKopecks) / (2 * rateKopecks));
  return cents * 10_000;
}
