/** Lincoln's order as the simulator keeps it, its wire shapes, and the exchange arithmetic. */

import { toDecimalString } from "../../money.js";
import type { LincolnIpnFields } from "../../providers/lincoln/webhook.js";

export interface LincolnSimOrder {
  /** `orderUID`: a number. */
  uid: number;
  /** `orderId`: an ObjectId. */
  id: string;
  secret: string;
  /** Any name: Lincoln's own, or one set by `forceStatus` to test the client. */
  status: string;
  routeId: string;
  partner: string;
  inRubMinor: number;
  outUsdtMicro: number;
  xmlFrom: string;
  xmlTo: string;
  toValuesKey: string;
  toAddress: string;
  lang: string;
  hideOutData: boolean;
  clientCallbackUrl?: string;
  ipnUrl?: string;
  /** Never shown in the state or in answers. */
  ipnSecret?: string;
  createdAt: number;
  updatedAt: number;
  /** What became of the payout hook once the order was done. */
  payout?: { status: "sent" | "failed"; error?: string };
}

/**
 * USDT micro-units for `rubMinor` kopecks at `rateKopecks` per USDT, less `feeBps`, rounded down
 * (the exchanger keeps the fraction). In BigInt: kopecks × 10⁶ overflows doubles past 90 M ₽.
 */
export function usdtMicroFor(rubMinor: number, rateKopecks: number, feeBps: number): number {
  const micro = (BigInt(rubMinor) * 100n * BigInt(10_000 - feeBps)) / BigInt(rateKopecks);
  const result = Number(micro);
  if (!Number.isSafeInteger(result)) throw new RangeError("the amount is out of range");
  return result;
}

/** The way the engine writes a FLOAT: `5000`, `5000.5`, `52.105263` (no trailing zeros). */
export function floatText(minor: number, currency: "RUB" | "USDT"): string {
  return toDecimalString(minor, currency).replace(/\.?0+$/, "");
}

const TO_VALUE_NAME = "USDT address";

export function orderJson(order: LincolnSimOrder) {
  return {
    orderUID: order.uid,
    orderId: order.id,
    secret: order.secret,
    status: order.status,
    routeId: order.routeId,
    inAmount: Number(floatText(order.inRubMinor, "RUB")),
    outAmount: Number(floatText(order.outUsdtMicro, "USDT")),
    xml_from: order.xmlFrom,
    xml_to: order.xmlTo,
    lang: order.lang,
    hideOutData: order.hideOutData,
    toValues: [{ key: order.toValuesKey, name: TO_VALUE_NAME, value: order.toAddress }],
    createdAt: new Date(order.createdAt).toISOString(),
    updatedAt: new Date(order.updatedAt).toISOString(),
  };
}

/** What the state shows: everything but the IPN secret. */
export function stateJson(order: LincolnSimOrder) {
  return { ...orderJson(order), ipnUrl: order.ipnUrl ?? null, payout: order.payout ?? null };
}

/** The order, at the top level or under `data` as some deployments of the engine answer. */
export function answerJson(order: LincolnSimOrder, shape: "top" | "data") {
  return shape === "top" ? { success: true, ...orderJson(order) } : { success: true, data: orderJson(order) };
}

/** The signed fields of an IPN about the order's current status, at `timestamp` (ms). */
export function ipnFields(order: LincolnSimOrder, timestamp: number): LincolnIpnFields {
  return {
    orderUID: String(order.uid),
    orderId: order.id,
    newStatus: order.status,
    inAmount: floatText(order.inRubMinor, "RUB"),
    outAmount: floatText(order.outUsdtMicro, "USDT"),
    xml_from: order.xmlFrom,
    xml_to: order.xmlTo,
    timestamp: String(timestamp),
  };
}

/** The IPN's `toValues` (not covered by the hash), form-encoded the same bracketed way. */
export function ipnToValues(order: LincolnSimOrder): Record<string, string> {
  return {
    "toValues[0][key]": order.toValuesKey,
    "toValues[0][name]": TO_VALUE_NAME,
    "toValues[0][value]": order.toAddress,
  };
}
