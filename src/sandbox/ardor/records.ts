/** What the ArdorQR simulator keeps, and the wire shapes it answers with (kopecks, ISO times). */

import { toDecimalString } from "../../money.js";
import type { ArdorStatus } from "../../providers/ardor/schemas.js";
import type { DeliveryRecord } from "../providers/webhook-sender.js";

export interface ArdorSimPayment {
  id: string;
  status: ArdorStatus;
  qr: string;
  reference: string | null;
  merchantName: string;
  merchantBank: string;
  amountMinor: number;
  feeMinor: number;
  totalMinor: number;
  expiresAt: number;
  operationId: string | null;
  failureReason: string | null;
  createdAt: number;
}

export interface ArdorSimDeposit {
  id: string;
  status: "pending" | "credited";
  amountUsdtMicro: number;
  creditedMinor: number | null;
  txHash: string;
  createdAt: number;
  creditedAt: number | null;
}

export interface ArdorSimOperation {
  id: string;
  type: "payment" | "refund" | "deposit" | "adjustment";
  amountMinor: number;
  balanceAfterMinor: number;
  paymentId: string | null;
  depositId: string | null;
  description: string;
  createdAt: number;
}

export interface ArdorSimKey {
  id: string;
  secret: string;
  mode: "live" | "test";
  label: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Exactly the fields the document shows. */
export function paymentJson(p: ArdorSimPayment) {
  return {
    id: p.id,
    status: p.status,
    merchantName: p.merchantName,
    merchantBank: p.merchantBank,
    feeMinor: p.feeMinor,
    totalMinor: p.totalMinor,
    currency: "RUB",
    reference: p.reference,
    expiresAt: iso(p.expiresAt),
    operationId: p.operationId,
    failureReason: p.failureReason,
  };
}

export function depositJson(d: ArdorSimDeposit) {
  return {
    id: d.id,
    status: d.status,
    asset: "USDT",
    network: "TON",
    amount: Number(toDecimalString(d.amountUsdtMicro, "USDT")),
    creditedMinor: d.creditedMinor,
    currency: "RUB",
    txHash: d.txHash,
    createdAt: iso(d.createdAt),
    creditedAt: iso(d.creditedAt),
  };
}

export function operationJson(o: ArdorSimOperation) {
  return {
    id: o.id,
    type: o.type,
    amountMinor: o.amountMinor,
    balanceAfterMinor: o.balanceAfterMinor,
    currency: "RUB",
    paymentId: o.paymentId,
    depositId: o.depositId,
    description: o.description,
    createdAt: iso(o.createdAt),
  };
}

/** Never the secret: only its last characters as a hint. */
export function keyJson(k: ArdorSimKey) {
  return {
    id: k.id,
    hint: `sk_${k.mode}_…${k.secret.slice(-4)}`,
    mode: k.mode,
    label: k.label,
    createdAt: iso(k.createdAt),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
  };
}

export function deliveryJson(d: DeliveryRecord) {
  return {
    id: d.id,
    eventId: d.eventId,
    type: d.type,
    url: d.url,
    // A webhook lost on purpose looks, from the provider's side, like one that never got through.
    status: d.status === "dropped" ? "failed" : d.status,
    responseStatus: d.responseStatus ?? null,
    attempts: d.attempts,
    createdAt: d.createdAt.toISOString(),
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  };
}

/**
 * USDT micro-units → kopecks credited at `rateKopecks` per USDT, minus `feeBps`, rounded down
 * (the provider keeps the fractions).
 */
export function creditedKopecks(usdtMicro: number, rateKopecks: number, feeBps: number): number {
  const gross = Math.floor((usdtMicro * rateKopecks) / 1_000_000);
  return Math.floor((gross * (10_000 - feeBps)) / 10_000);
}
