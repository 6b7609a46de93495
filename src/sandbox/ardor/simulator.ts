/**
 * A local ArdorQR API, faithful to its OpenAPI text: Bearer sk_live_/sk_test_ keys, kopecks,
 * `{error: {code, message}}` errors, Idempotency-Key with `Idempotency-Replayed: true` on replays,
 * resolved → confirming → completed | failed with the total debited on confirm and returned on
 * failure, deposits credited in rubles, a ledger, API keys, webhook settings with a delivery log,
 * and webhooks signed `t=<unix>,v1=<hex>` (two v1 values while a rotated secret is still honoured).
 */

import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Logger } from "../../logger.js";
import { toMinor } from "../../money.js";
import type { ArdorEventType } from "../../providers/ardor/schemas.js";
import { signArdorWebhook } from "../../providers/ardor/webhook.js";
import type { Clock } from "../../providers/types.js";
import { commonControls, control, mountControls } from "../providers/controls.js";
import { SimError, SimKernel, type SimRequest } from "../providers/kernel.js";
import { serveSimulator } from "../providers/listen.js";
import { quoteFacts, readGostCode, readSbpLink } from "../providers/qr.js";
import { type DeliveryRecord, type WebhookRetryOptions, WebhookSender } from "../providers/webhook-sender.js";
import {
  type ArdorSimDeposit,
  type ArdorSimKey,
  type ArdorSimOperation,
  type ArdorSimPayment,
  creditedKopecks,
  deliveryJson,
  depositJson,
  keyJson,
  operationJson,
  paymentJson,
} from "./records.js";

export interface ArdorSimulatorOptions {
  /** The first API key, `sk_test_…` or `sk_live_…`. More can be issued through the API. */
  apiKey: string;
  webhookSecret: string;
  webhookUrl?: string;
  port?: number;
  host?: string;
  /** How long a resolved payment can be confirmed. */
  quoteTtlMs?: number;
  /** From confirm (or a deposit) to the final status; null: only when `controls.settle()` is called. */
  settleDelayMs?: number | null;
  balanceMinor?: number;
  /** The payment fee, in basis points of the amount (rounded up to a kopeck). */
  paymentFeeBps?: number;
  depositAddress?: string;
  depositFeeBps?: number;
  /** USDT, decimal text. */
  depositMinAmount?: string;
  /** RUB per USDT for deposits, decimal text. */
  rateRubPerUsdt?: string;
  accountName?: string;
  /** Kopecks quoted for a QR without a sum. */
  defaultAmountMinor?: number;
  amountsByQrcId?: Record<string, number>;
  /** How long the previous secret still signs (as a second v1) after a rotation. */
  rotationGraceMs?: number;
  webhookRetry?: WebhookRetryOptions;
  clock?: Clock;
  logger?: Logger;
}

export interface ArdorSimState {
  readonly payments: Map<string, ArdorSimPayment>;
  readonly deposits: ArdorSimDeposit[];
  /** Oldest first. */
  readonly ledger: ArdorSimOperation[];
  readonly keys: ArdorSimKey[];
  readonly account: { id: string; name: string; createdAt: number };
  /** Where USDT (TON) is sent to top the balance up. */
  readonly depositAddress: string;
  balanceMinor: number;
  webhookUrl: string | undefined;
  webhookEnabled: boolean;
  /** Current secret first; older ones sign too until `until`. */
  readonly signingSecrets: Array<{ secret: string; until?: number }>;
  readonly requests: Record<string, number>;
  readonly deliveries: DeliveryRecord[];
}

export type ArdorSimulator = Awaited<ReturnType<typeof startArdorSimulator>>;

const limitQuery = z.coerce.number().int().min(1).max(100).default(20);

export async function startArdorSimulator(options: ArdorSimulatorOptions) {
  const clock = options.clock ?? Date.now;
  const quoteTtlMs = options.quoteTtlMs ?? 10 * 60_000;
  const settleDelayMs = options.settleDelayMs === undefined ? 1_500 : options.settleDelayMs;
  const rateKopecks = toMinor(options.rateRubPerUsdt ?? "95.00", "RUB");
  const depositFeeBps = options.depositFeeBps ?? 150;
  const depositMinMicro = toMinor(options.depositMinAmount ?? "0.5", "USDT");
  const sender = new WebhookSender({
    clock,
    retry: options.webhookRetry,
    logger: options.logger,
    idPrefix: "dlv_",
  });

  const kernel = new SimKernel({
    authenticate(headers) {
      const match = /^Bearer (\S+)$/.exec(headers.get("authorization") ?? "");
      const key = match && state.keys.find((k) => k.secret === match[1] && k.revokedAt === null);
      if (key) key.lastUsedAt = clock();
      return Boolean(key);
    },
    errorBody: (_status, code, message) => ({ error: { code, message } }),
    codes: {
      unauthorized: "unauthorized",
      badRequest: "invalid_request",
      notFound: "not_found",
      unavailable: "unavailable",
      rateLimited: "rate_limited",
      idempotencyConflict: "idempotency_key_reused",
    },
    idempotency: { conflictStatus: 422, replayHeader: "Idempotency-Replayed", maxKeyLength: 255 },
  });

  const state: ArdorSimState = {
    payments: new Map(),
    deposits: [],
    ledger: [],
    keys: [newKey(options.apiKey, "Initial key")],
    account: { id: randomUUID(), name: options.accountName ?? "ООО Ромашка", createdAt: clock() },
    depositAddress: options.depositAddress ?? "UQDsandbox0ArdorQR0deposit0address0for0USDT0TON",
    balanceMinor: 0,
    webhookUrl: options.webhookUrl,
    webhookEnabled: true,
    signingSecrets: [{ secret: options.webhookSecret }],
    requests: kernel.requests,
    deliveries: sender.deliveries,
  };
  let secretRevealed = false;
  let nextQuoteAmount: number | undefined;
  const plannedFailures: string[] = [];

  function newKey(secret: string, label: string | null): ArdorSimKey {
    const mode = secret.startsWith("sk_live_") ? "live" : "test";
    return { id: randomUUID(), secret, mode, label, createdAt: clock(), lastUsedAt: null, revokedAt: null };
  }

  function emit(type: ArdorEventType, data: unknown): void {
    if (!state.webhookEnabled) return;
    const eventId = randomUUID();
    const body = JSON.stringify({ id: eventId, type, createdAt: new Date(clock()).toISOString(), data });
    sender.send(state.webhookUrl, {
      eventId,
      type,
      // Events of one payment (or deposit) in order; different ones side by side.
      orderingKey: (data as { id?: string }).id,
      body,
      headers: () => {
        const t = Math.floor(clock() / 1000);
        const live = state.signingSecrets.filter((s) => s.until === undefined || s.until > clock());
        return signArdorWebhook(
          body,
          live.map((s) => s.secret),
          t,
        );
      },
    });
  }

  function book(
    entry: Pick<ArdorSimOperation, "type" | "amountMinor" | "description"> & Partial<ArdorSimOperation>,
  ): ArdorSimOperation {
    state.balanceMinor += entry.amountMinor;
    // Strictly increasing times keep the `before` cursor exact even within one millisecond.
    const last = state.ledger.at(-1)?.createdAt ?? 0;
    const operation: ArdorSimOperation = {
      id: randomUUID(),
      paymentId: null,
      depositId: null,
      ...entry,
      balanceAfterMinor: state.balanceMinor,
      createdAt: Math.max(clock(), last + 1),
    };
    state.ledger.push(operation);
    return operation;
  }

  const initialBalance = options.balanceMinor ?? 1_000_000;
  if (initialBalance > 0)
    book({ type: "deposit", amountMinor: initialBalance, description: "Начальный баланс песочницы" });

  function findPayment(id: string): ArdorSimPayment {
    const payment = state.payments.get(id);
    if (!payment) throw new SimError(404, "not_found", "Payment not found");
    return payment;
  }

  function settlePayment(payment: ArdorSimPayment): void {
    if (payment.status !== "confirming") return;
    const reason = plannedFailures.shift();
    if (reason === undefined) {
      payment.status = "completed";
      emit("payment.completed", paymentJson(payment));
      return;
    }
    payment.status = "failed";
    payment.failureReason = reason;
    book({
      type: "refund",
      amountMinor: payment.totalMinor,
      paymentId: payment.id,
      description: "Возврат платежа",
    });
    emit("payment.failed", paymentJson(payment));
  }

  function creditDeposit(deposit: ArdorSimDeposit): void {
    if (deposit.status !== "pending") return;
    const credited = creditedKopecks(deposit.amountUsdtMicro, rateKopecks, depositFeeBps);
    deposit.status = "credited";
    deposit.creditedMinor = credited;
    deposit.creditedAt = clock();
    book({
      type: "deposit",
      amountMinor: credited,
      depositId: deposit.id,
      description: "Пополнение USDT (TON)",
    });
    emit("deposit.credited", depositJson(deposit));
  }

  const limitOf = (query: URLSearchParams) =>
    kernel.parse(limitQuery, query.get("limit") ?? undefined, "query.limit");
  const newestFirst = <T>(items: readonly T[], limit: number) => items.slice(-limit).reverse();
  const noBody = ({ body }: SimRequest) => {
    if (body !== undefined) kernel.parse(z.strictObject({}), body);
  };

  kernel.endpoint({ name: "account", method: "GET", path: "/v1/account" }, () => ({ body: accountJson() }));

  kernel.endpoint({ name: "apiKeys.list", method: "GET", path: "/v1/api-keys" }, () => ({
    body: { keys: state.keys.map(keyJson) },
  }));

  const issueBody = z
    .strictObject({ mode: z.enum(["live", "test"]).default("live"), label: z.string().max(64).optional() })
    .default({ mode: "live" });
  kernel.endpoint({ name: "apiKeys.issue", method: "POST", path: "/v1/api-keys" }, ({ body }) => {
    const input = kernel.parse(issueBody, body);
    const key = newKey(
      `sk_${input.mode}_${randomBytes(4).toString("hex")}_${randomBytes(12).toString("hex")}`,
      input.label ?? null,
    );
    state.keys.push(key);
    return { status: 201, body: { ...keyJson(key), secret: key.secret } };
  });

  kernel.endpoint({ name: "apiKeys.revoke", method: "DELETE", path: "/v1/api-keys/:id" }, ({ params }) => {
    const key = state.keys.find((k) => k.id === params.id);
    if (!key) throw new SimError(404, "not_found", "API key not found");
    key.revokedAt ??= clock();
    return { body: { revoked: true } };
  });

  kernel.endpoint({ name: "balance", method: "GET", path: "/v1/wallet/balance" }, () => ({
    body: { merchantId: state.account.id, balanceMinor: state.balanceMinor, currency: "RUB" },
  }));

  const before = z.iso.datetime({ offset: true }).optional();
  kernel.endpoint({ name: "ledger", method: "GET", path: "/v1/wallet/ledger" }, ({ query }) => {
    const limit = limitOf(query);
    const cursor = kernel.parse(before, query.get("before") ?? undefined, "query.before");
    const older =
      cursor === undefined ? state.ledger : state.ledger.filter((o) => o.createdAt < Date.parse(cursor));
    return { body: { operations: newestFirst(older, limit).map(operationJson) } };
  });

  kernel.endpoint({ name: "depositAddress", method: "GET", path: "/v1/deposit-address" }, () => ({
    body: {
      address: state.depositAddress,
      network: "TON",
      asset: "USDT",
      minAmount: Number(options.depositMinAmount ?? "0.5"),
      feeBps: depositFeeBps,
      note: "Переводите только USDT в сети TON. Зачисление — в рублях по текущему курсу за вычетом комиссии.",
    },
  }));

  kernel.endpoint({ name: "deposits", method: "GET", path: "/v1/deposits" }, ({ query }) => ({
    body: { deposits: newestFirst(state.deposits, limitOf(query)).map(depositJson) },
  }));

  const paymentBody = z.strictObject({
    qr: z.string().min(1).max(2048),
    reference: z.string().max(128).optional(),
  });
  kernel.endpoint(
    { name: "payments.create", method: "POST", path: "/v1/payments", idempotent: true },
    ({ body }) => {
      const input = kernel.parse(paymentBody, body);
      const qr = readSbpLink(input.qr) ?? readGostCode(input.qr);
      if (!qr) throw new SimError(422, "invalid_qr", "QR code is not a supported payment code");
      const facts = quoteFacts(qr, {
        defaultAmountMinor: options.defaultAmountMinor ?? 100_000,
        amountsByQrcId: options.amountsByQrcId,
      });
      const amountMinor = nextQuoteAmount ?? facts.amountMinor;
      nextQuoteAmount = undefined;
      const feeMinor = Math.ceil((amountMinor * (options.paymentFeeBps ?? 0)) / 10_000);
      const payment: ArdorSimPayment = {
        id: randomUUID(),
        status: "resolved",
        qr: input.qr,
        reference: input.reference ?? null,
        merchantName: facts.merchantName,
        merchantBank: facts.merchantBank,
        amountMinor,
        feeMinor,
        totalMinor: amountMinor + feeMinor,
        expiresAt: clock() + quoteTtlMs,
        operationId: null,
        failureReason: null,
        createdAt: clock(),
      };
      state.payments.set(payment.id, payment);
      return { status: 201, body: paymentJson(payment) };
    },
  );

  kernel.endpoint(
    { name: "payments.confirm", method: "POST", path: "/v1/payments/:id/confirm", idempotent: true },
    (request) => {
      noBody(request);
      const payment = findPayment(request.params.id ?? "");
      if (payment.status !== "resolved")
        throw new SimError(409, "invalid_state", `Payment is ${payment.status}`);
      if (clock() > payment.expiresAt)
        throw new SimError(409, "payment_expired", "Payment session has expired");
      if (state.balanceMinor < payment.totalMinor)
        throw new SimError(402, "insufficient_funds", "Недостаточно средств");
      const operation = book({
        type: "payment",
        amountMinor: -payment.totalMinor,
        paymentId: payment.id,
        description: `Оплата: ${payment.merchantName}`,
      });
      payment.status = "confirming";
      payment.operationId = operation.id;
      emit("payment.processing", paymentJson(payment));
      kernel.later(settleDelayMs, () => settlePayment(payment));
      return { body: paymentJson(payment) };
    },
  );

  kernel.endpoint({ name: "payments.get", method: "GET", path: "/v1/payments/:id" }, ({ params }) => ({
    body: paymentJson(findPayment(params.id ?? "")),
  }));

  const settingsBody = z.strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .nullable(),
    enabled: z.boolean().optional(),
    rotateSecret: z.boolean().optional(),
  });
  kernel.endpoint({ name: "webhooks.configure", method: "PUT", path: "/v1/webhooks" }, ({ body }) => {
    const input = kernel.parse(settingsBody, body);
    state.webhookUrl = input.url ?? undefined;
    if (input.enabled !== undefined) state.webhookEnabled = input.enabled;
    let secret: string | undefined;
    if (input.rotateSecret) {
      const previous = state.signingSecrets[0];
      if (previous) previous.until = clock() + (options.rotationGraceMs ?? 24 * 3600_000);
      secret = `whsec_${randomBytes(24).toString("hex")}`;
      state.signingSecrets.unshift({ secret });
    } else if (!secretRevealed) {
      secret = state.signingSecrets[0]?.secret;
    }
    secretRevealed = true;
    return { body: { merchant: accountJson(), ...(secret && { secret }) } };
  });

  kernel.endpoint(
    { name: "webhooks.deliveries", method: "GET", path: "/v1/webhooks/deliveries" },
    ({ query }) => ({
      body: { deliveries: newestFirst(state.deliveries, limitOf(query)).map(deliveryJson) },
    }),
  );

  function accountJson() {
    return {
      id: state.account.id,
      name: state.account.name,
      status: "active",
      webhookUrl: state.webhookUrl ?? null,
      webhookEnabled: state.webhookEnabled,
      createdAt: new Date(state.account.createdAt).toISOString(),
    };
  }

  const table = {
    ...commonControls(kernel, sender, (url) => {
      state.webhookUrl = url ?? undefined;
    }),
    /** Sets the ruble balance (0 = "insufficient funds" for every payment). */
    setBalance: control(z.strictObject({ balanceMinor: z.number().int().min(0) }), ({ balanceMinor }) => {
      book({
        type: "adjustment",
        amountMinor: balanceMinor - state.balanceMinor,
        description: "Корректировка песочницы",
      });
      return { balanceMinor };
    }),
    /** The next confirmed payment ends `failed` with `reason`; its total is returned to the balance. */
    failNextPayment: control(
      z.strictObject({ reason: z.string().min(1).max(500).default("Платёж отклонён банком получателя") }),
      ({ reason }) => {
        plannedFailures.push(reason);
      },
    ),
    /** The next payment is for this many kopecks, whatever the QR says. */
    nextQuoteAmount: control(
      z.strictObject({ amountMinor: z.number().int().positive() }),
      ({ amountMinor }) => {
        nextQuoteAmount = amountMinor;
      },
    ),
    /** USDT arrives at the deposit address: deposit.pending now, deposit.credited after the settle delay. */
    deposit: control(
      z.strictObject({
        amountUsdtMicro: z.number().int().positive().default(100_000_000),
        txHash: z.string().min(1).max(200).optional(),
      }),
      ({ amountUsdtMicro, txHash }) => {
        if (amountUsdtMicro < depositMinMicro) throw new Error("below the minimum deposit");
        const deposit: ArdorSimDeposit = {
          id: randomUUID(),
          status: "pending",
          amountUsdtMicro,
          creditedMinor: null,
          txHash: txHash ?? randomBytes(32).toString("hex"),
          createdAt: clock(),
          creditedAt: null,
        };
        state.deposits.push(deposit);
        emit("deposit.pending", depositJson(deposit));
        kernel.later(settleDelayMs, () => creditDeposit(deposit));
        return depositJson(deposit);
      },
    ),
    /** Settles one payment or deposit by id (or everything pending) now; for `settleDelayMs: null`. */
    settle: control(z.strictObject({ id: z.string().optional() }).optional(), (input) => {
      for (const payment of state.payments.values())
        if (!input?.id || payment.id === input.id) settlePayment(payment);
      for (const deposit of state.deposits) if (!input?.id || deposit.id === input.id) creditDeposit(deposit);
    }),
  };
  mountControls(kernel.app, table, () => ({
    balanceMinor: state.balanceMinor,
    webhookUrl: state.webhookUrl ?? null,
    webhookEnabled: state.webhookEnabled,
    requests: state.requests,
    payments: [...state.payments.values()].map(paymentJson),
    deposits: state.deposits.map(depositJson),
    ledger: state.ledger.map(operationJson),
    keys: state.keys.map(keyJson),
    deliveries: state.deliveries.map(deliveryJson),
  }));

  return serveSimulator({ kernel, sender, state, table, port: options.port, host: options.host });
}
