/**
 * ArdorQR wire shapes (OpenAPI text). Money is already in kopecks (`…Minor`); the deposit address
 * states its minimum in USDT as a decimal. Objects the document shows collapsed (ledger operations,
 * deposits, API keys, deliveries) are read with the fields listed in docs/providers.md.
 */

import { z } from "zod";
import type { Money } from "../../money.js";
import { decimalMoney, maybe, minorMoney, timestamp } from "../schemas.js";
import type { StatusTable } from "../status.js";
import type { Deposit, DepositStatus, Payment, PaymentStatus } from "../types.js";

export const ARDOR_STATUS_NAMES = ["resolved", "confirming", "completed", "failed"] as const;
export type ArdorStatus = (typeof ARDOR_STATUS_NAMES)[number];

export const ARDOR_STATUSES: StatusTable<ArdorStatus> = {
  resolved: "quoted",
  confirming: "processing",
  completed: "succeeded",
  failed: "failed",
};

export const ARDOR_EVENT_TYPES = [
  "deposit.pending",
  "deposit.credited",
  "payment.processing",
  "payment.completed",
  "payment.failed",
] as const;
export type ArdorEventType = (typeof ARDOR_EVENT_TYPES)[number];

/** The event type is the authoritative status of the object it carries. */
export const ARDOR_EVENT_STATUSES = {
  "deposit.pending": { type: "deposit", status: "pending" },
  "deposit.credited": { type: "deposit", status: "credited" },
  "payment.processing": { type: "payment", status: "processing" },
  "payment.completed": { type: "payment", status: "succeeded" },
  "payment.failed": { type: "payment", status: "failed" },
} as const satisfies Record<
  ArdorEventType,
  | { type: "deposit"; status: DepositStatus }
  | { type: "payment"; status: "processing" | "succeeded" | "failed" }
>;

const id = z.string().min(1).max(200);
const rub = minorMoney("RUB");
const rubCurrency = z.literal("RUB");

export const ardorPaymentSchema = z
  .object({
    id,
    status: z.enum(ARDOR_STATUS_NAMES),
    merchantName: maybe(z.string()),
    merchantBank: maybe(z.string()),
    feeMinor: maybe(rub),
    totalMinor: rub,
    currency: rubCurrency,
    reference: maybe(z.string()),
    expiresAt: maybe(timestamp),
    operationId: maybe(z.string()),
    failureReason: maybe(z.string()),
    createdAt: maybe(timestamp),
    updatedAt: maybe(timestamp),
    completedAt: maybe(timestamp),
  })
  .refine((p) => (p.feeMinor?.minor ?? 0) <= p.totalMinor.minor, "feeMinor must not exceed totalMinor");
export type ArdorPayment = z.output<typeof ardorPaymentSchema>;

export const ardorBalanceSchema = z.object({
  merchantId: maybe(z.string()),
  balanceMinor: rub,
  currency: rubCurrency,
});

export const ardorDepositAddressSchema = z.object({
  address: z.string().min(1),
  network: z.string().min(1),
  asset: z.string().min(1),
  minAmount: maybe(decimalMoney("USDT")),
  feeBps: maybe(z.number().int().min(0).max(10_000)),
  note: maybe(z.string()),
});

export const ardorDepositSchema = z.object({
  id,
  status: z.enum(["pending", "credited", "failed"]),
  asset: maybe(z.string()),
  network: maybe(z.string()),
  /** USDT as a decimal, like the deposit address's `minAmount`. */
  amount: maybe(decimalMoney("USDT")),
  creditedMinor: maybe(rub),
  txHash: maybe(z.string()),
  createdAt: maybe(timestamp),
  creditedAt: maybe(timestamp),
});
export type ArdorDeposit = z.output<typeof ardorDepositSchema>;

export const ardorDepositListSchema = z.object({ deposits: z.array(ardorDepositSchema) });

export const ardorLedgerSchema = z.object({
  operations: z.array(
    z.object({
      id,
      type: z.string().min(1),
      amountMinor: minorMoney("RUB", { signed: true }),
      balanceAfterMinor: maybe(rub),
      paymentId: maybe(z.string()),
      depositId: maybe(z.string()),
      description: maybe(z.string()),
      createdAt: timestamp,
    }),
  ),
});

export const ardorEventSchema = z.object({
  id,
  type: z.enum(ARDOR_EVENT_TYPES),
  createdAt: timestamp,
  data: z.record(z.string(), z.unknown()),
});

const ardorErrorSchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional() }),
});

export function readArdorError(body: unknown): { code?: string; message?: string } {
  const parsed = ardorErrorSchema.safeParse(body);
  return parsed.success ? parsed.data.error : {};
}

/** Ardor states the total (what is debited) and the fee; the merchant's amount is the difference. */
export function merchantAmount(p: ArdorPayment): Money {
  return { minor: p.totalMinor.minor - (p.feeMinor?.minor ?? 0), currency: "RUB" };
}

export function toPayment(p: ArdorPayment, status: PaymentStatus = ARDOR_STATUSES[p.status]): Payment {
  return {
    provider: "ardor",
    providerId: p.id,
    reference: p.reference,
    status,
    providerStatus: p.status,
    amount: merchantAmount(p),
    fee: p.feeMinor,
    total: p.totalMinor,
    debit: p.totalMinor,
    merchantName: p.merchantName,
    merchantBank: p.merchantBank,
    failureReason: p.failureReason,
    expiresAt: p.expiresAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    completedAt: p.completedAt,
  };
}

export function toDeposit(d: ArdorDeposit, status: DepositStatus = d.status): Deposit {
  return {
    provider: "ardor",
    providerId: d.id,
    status,
    amount: d.amount,
    credited: d.creditedMinor,
    network: d.network,
    txHash: d.txHash,
    createdAt: d.createdAt,
    creditedAt: d.creditedAt,
  };
}
