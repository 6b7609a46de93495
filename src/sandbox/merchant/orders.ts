/** The merchant API's order as the simulator keeps it, its wire shapes, and its USDT arithmetic. */

import { toDecimalNumber } from "../../money.js";

export interface MerchantSimOrder {
  uuid: string;
  merchantOrderId: string;
  /** Any name: the controls can set one the API does not use. */
  status: string;
  amountKopecks: number;
  /** USDT credited to the merchant, micro-units. */
  creditedMicro: number;
  /** The commission, micro-units, negative (taken), as the document's example states it. */
  commissionMicro: number;
  paymentUrl: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

/** Our convention's answer to create and status read. */
export function orderJson(order: MerchantSimOrder) {
  return {
    uuid: order.uuid,
    status: order.status,
    amount_local: toDecimalNumber(order.amountKopecks, "RUB"),
    amount_usdt: toDecimalNumber(order.creditedMicro, "USDT"),
    merchant_commission: toDecimalNumber(order.commissionMicro, "USDT"),
    currency: "RUB",
    payment_url: order.paymentUrl,
    expires_at: new Date(order.expiresAt).toISOString(),
    merchant_order_id: order.merchantOrderId,
  };
}

/** Callback V3 in the document's field order; `uuid` (listed in its table, absent from its example) on request. */
export function callbackJson(order: MerchantSimOrder, includeUuid: boolean) {
  return {
    status: order.status,
    amount_usdt: toDecimalNumber(order.creditedMicro, "USDT"),
    amount_local: toDecimalNumber(order.amountKopecks, "RUB"),
    currency: "RUB",
    merchant_commission: toDecimalNumber(order.commissionMicro, "USDT"),
    merchant_order_id: order.merchantOrderId,
    ...(includeUuid && { uuid: order.uuid }),
  };
}

/**
 * Kopecks → USDT at `rateKopecks` per USDT in whole thousandths (the document's example has three
 * decimals), the commission rounded up: 100 RUB at 92.50 with 9 % → 1.081 gross, -0.098, 0.983.
 */
export function usdtFor(
  kopecks: number,
  rateKopecks: number,
  commissionBps: number,
): { creditedMicro: number; commissionMicro: number } {
  const grossMilli = Math.floor((kopecks * 1_000) / rateKopecks);
  const commissionMilli = Math.ceil((grossMilli * commissionBps) / 10_000);
  return { creditedMicro: (grossMilli - commissionMilli) * 1_000, commissionMicro: -commissionMilli * 1_000 };
}
