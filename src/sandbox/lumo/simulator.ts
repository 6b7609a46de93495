/**
 * A local Lumo B2B API, faithful to its quick start: X-API-Key auth, quotes valid 30 s, accept with
 * Idempotency-Key, statuses moving on after a delay, USDT debited on accept and returned on failure,
 * and `order.status_changed` webhooks signed with HMAC-SHA256 and retried until accepted.
 */

import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Logger } from "../../logger.js";
import { addMinor, toMinor } from "../../money.js";
import { type LumoSignatureFormat, signLumoWebhook } from "../../providers/lumo/webhook.js";
import type { Clock } from "../../providers/types.js";
import { commonControls, control, mountControls } from "../providers/controls.js";
import { SimError, SimKernel } from "../providers/kernel.js";
import { serveSimulator } from "../providers/listen.js";
import { quoteFacts, readSbpLink } from "../providers/qr.js";
import { type DeliveryRecord, type WebhookRetryOptions, WebhookSender } from "../providers/webhook-sender.js";
import { decimal, type LumoSimOrder, orderJson, quoteJson, rubToUsdtMicro, webhookJson } from "./orders.js";

export interface LumoSimulatorOptions {
  apiKey: string;
  webhookSecret: string;
  webhookUrl?: string;
  port?: number;
  host?: string;
  /** How long a quote can be accepted. Lumo: 30 s. */
  quoteTtlMs?: number;
  /** From accept to the final status; null: only when `controls.settle()` is called. */
  settleDelayMs?: number | null;
  /** After accept, how long Lumo looks for a taker (`paymentUntil`). */
  paymentWindowMs?: number;
  initialBalance?: { usdtMicro?: number; trxMicro?: number };
  address?: string;
  /** RUB per USDT, decimal text. */
  rateRubPerUsdt?: string;
  /** Kopecks quoted for a QR without `sum`. */
  defaultAmountMinor?: number;
  amountsByQrcId?: Record<string, number>;
  /** How X-Lumo-Signature is written (the document does not say; the client accepts all three). */
  signatureFormat?: LumoSignatureFormat;
  webhookRetry?: WebhookRetryOptions;
  clock?: Clock;
  logger?: Logger;
}

export interface LumoSimState {
  readonly orders: Map<string, LumoSimOrder>;
  readonly balance: { usdtMicro: number; trxMicro: number };
  readonly address: string;
  webhookUrl: string | undefined;
  /** Requests per endpoint: balance, prepare, accept, order. */
  readonly requests: Record<string, number>;
  /** Webhook deliveries, oldest first. */
  readonly deliveries: DeliveryRecord[];
}

export type LumoSimulator = Awaited<ReturnType<typeof startLumoSimulator>>;

const FINAL_FAILURES = ["failed", "expired_no_taker", "expired_by_system"] as const;

export async function startLumoSimulator(options: LumoSimulatorOptions) {
  const clock = options.clock ?? Date.now;
  const quoteTtlMs = options.quoteTtlMs ?? 30_000;
  const settleDelayMs = options.settleDelayMs === undefined ? 1_500 : options.settleDelayMs;
  const paymentWindowMs = options.paymentWindowMs ?? 5 * 60_000;
  const rateKopecks = toMinor(options.rateRubPerUsdt ?? "95.00", "RUB");
  const sender = new WebhookSender({
    clock,
    retry: options.webhookRetry,
    logger: options.logger,
    idPrefix: "lumo-dlv-",
  });
  const kernel = new SimKernel({
    authenticate: (headers) => headers.get("x-api-key") === options.apiKey,
    errorBody: (statusCode, code, message) => ({
      statusCode,
      error: STATUS_TEXT[statusCode] ?? "Error",
      code,
      message,
    }),
    codes: {
      unauthorized: "INVALID_API_KEY",
      badRequest: "VALIDATION_ERROR",
      notFound: "NOT_FOUND",
      unavailable: "SERVICE_UNAVAILABLE",
      rateLimited: "TOO_MANY_REQUESTS",
      idempotencyConflict: "IDEMPOTENCY_CONFLICT",
    },
    idempotency: { conflictStatus: 409 },
  });

  const state: LumoSimState = {
    orders: new Map(),
    balance: {
      usdtMicro: options.initialBalance?.usdtMicro ?? 1_000_500_000,
      trxMicro: options.initialBalance?.trxMicro ?? 100_000_000,
    },
    address: options.address ?? "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE",
    webhookUrl: options.webhookUrl,
    requests: kernel.requests,
    deliveries: sender.deliveries,
  };
  const plannedFailures: Array<{ status: (typeof FINAL_FAILURES)[number]; reason: string }> = [];
  let nextQuoteAmount: number | undefined;

  function changeStatus(order: LumoSimOrder, status: LumoSimOrder["status"], reason?: string): void {
    order.status = status;
    order.updatedAt = clock();
    if (reason !== undefined) order.failureReason = reason;
    if (status === "success") order.completedAt = order.updatedAt;
    const body = JSON.stringify(webhookJson(order));
    // The delivery id doubles as the event id: a retry or a duplicate of the same change keeps it.
    const deliveryId = randomUUID();
    sender.send(state.webhookUrl, {
      eventId: deliveryId,
      type: "order.status_changed",
      orderingKey: order.id,
      body,
      headers: () =>
        signLumoWebhook(body, options.webhookSecret, {
          deliveryId,
          ...(options.signatureFormat ? { format: options.signatureFormat } : {}),
        }),
    });
  }

  function settle(order: LumoSimOrder): void {
    if (order.status !== "in_progress") return;
    const failure = plannedFailures.shift();
    if (failure) {
      state.balance.usdtMicro += order.amountUsdtMicro;
      changeStatus(order, failure.status, failure.reason);
    } else {
      changeStatus(order, "success");
    }
  }

  /** A quote nobody accepted in time is cancelled by the system. */
  function lapse(order: LumoSimOrder): void {
    if (order.status === "created" && clock() > order.expiresAt) {
      order.status = "expired_by_system";
      order.updatedAt = clock();
    }
  }

  function find(id: string): LumoSimOrder {
    const order = state.orders.get(id);
    if (!order) throw new SimError(404, "ORDER_NOT_FOUND", "Order not found");
    lapse(order);
    return order;
  }

  kernel.endpoint({ name: "balance", method: "GET", path: "/wallets/balance" }, () => ({
    body: {
      address: state.address,
      usdtBalance: decimal(state.balance.usdtMicro, "USDT"),
      trxBalance: decimal(state.balance.trxMicro, "TRX"),
    },
  }));

  const prepareBody = z.strictObject({
    qrCode: z.string().min(1).max(2048),
    externalOrderId: z.string().min(1).max(255),
  });
  kernel.endpoint({ name: "prepare", method: "POST", path: "/orders/prepare" }, ({ body }) => {
    const input = kernel.parse(prepareBody, body);
    const qr = readSbpLink(input.qrCode);
    if (!qr) throw new SimError(400, "INVALID_QR_CODE", "qrCode is not an SBP payment link");
    const facts = quoteFacts(qr, {
      defaultAmountMinor: options.defaultAmountMinor ?? 100_000,
      amountsByQrcId: options.amountsByQrcId,
    });
    const amountRubMinor = nextQuoteAmount ?? facts.amountMinor;
    nextQuoteAmount = undefined;
    const now = clock();
    const order: LumoSimOrder = {
      id: randomUUID(),
      externalOrderId: input.externalOrderId,
      qrCode: input.qrCode,
      amountRubMinor,
      amountUsdtMicro: rubToUsdtMicro(amountRubMinor, rateKopecks),
      rate: options.rateRubPerUsdt ?? "95.00",
      merchantName: facts.merchantName,
      status: "created",
      createdAt: now,
      updatedAt: now,
      expiresAt: now + quoteTtlMs,
    };
    state.orders.set(order.id, order);
    return { body: quoteJson(order, state.balance.usdtMicro >= order.amountUsdtMicro) };
  });

  kernel.endpoint(
    { name: "accept", method: "POST", path: "/orders/accept/:id", idempotent: true },
    ({ params, body }) => {
      if (body !== undefined) kernel.parse(z.strictObject({}), body);
      const order = find(params.id ?? "");
      const lapsed = order.status === "expired_by_system" && order.paymentUntil === undefined;
      if (lapsed) throw new SimError(400, "QUOTE_EXPIRED", "Quote has expired");
      if (order.status !== "created")
        throw new SimError(409, "ORDER_NOT_ACCEPTABLE", `Order is ${order.status}`);
      if (state.balance.usdtMicro < order.amountUsdtMicro) {
        throw new SimError(400, "INSUFFICIENT_BALANCE", "Insufficient USDT balance");
      }
      state.balance.usdtMicro -= order.amountUsdtMicro;
      order.paymentUntil = clock() + paymentWindowMs;
      changeStatus(order, "in_progress");
      kernel.later(settleDelayMs, () => settle(order));
      return { body: orderJson(order) };
    },
  );

  kernel.endpoint({ name: "order", method: "GET", path: "/orders/:id" }, ({ params }) => ({
    body: orderJson(find(params.id ?? "")),
  }));

  const table = {
    ...commonControls(kernel, sender, (url) => {
      state.webhookUrl = url ?? undefined;
    }),
    /** Sets the balance (0 USDT = "insufficient funds" for every quote). */
    setBalance: control(
      z.strictObject({
        usdtMicro: z.number().int().min(0).optional(),
        trxMicro: z.number().int().min(0).optional(),
      }),
      ({ usdtMicro, trxMicro }) => {
        if (usdtMicro !== undefined) state.balance.usdtMicro = usdtMicro;
        if (trxMicro !== undefined) state.balance.trxMicro = trxMicro;
        return { ...state.balance };
      },
    ),
    /**
     * USDT arrives at the wallet address (an exchanger's payout). Lumo documents no deposit webhook:
     * only the balance grows, and the bot notices by reading it.
     */
    deposit: control(
      z.strictObject({ amountUsdtMicro: z.number().int().positive() }),
      ({ amountUsdtMicro }) => {
        state.balance.usdtMicro = addMinor(state.balance.usdtMicro, amountUsdtMicro);
        return { ...state.balance };
      },
    ),
    /** The next accepted order ends `failed` (or another failure status) with `reason`; its USDT is returned. */
    failNextPayment: control(
      z.strictObject({
        reason: z.string().min(1).max(500).default("Платёж отклонён банком получателя"),
        status: z.enum(FINAL_FAILURES).default("failed"),
      }),
      (failure) => {
        plannedFailures.push(failure);
      },
    ),
    /** The next quote is for this many kopecks, whatever the QR says. */
    nextQuoteAmount: control(
      z.strictObject({ amountMinor: z.number().int().positive() }),
      ({ amountMinor }) => {
        nextQuoteAmount = amountMinor;
      },
    ),
    /** Settles one order (or every order in progress) now; for `settleDelayMs: null`. */
    settle: control(z.strictObject({ id: z.string().optional() }).optional(), (input) => {
      const orders = input?.id ? [find(input.id)] : [...state.orders.values()];
      for (const order of orders) settle(order);
    }),
    /** Opens a dispute on an order (the status Lumo calls `disputed`). */
    dispute: control(z.strictObject({ id: z.string() }), ({ id }) => {
      const order = find(id);
      if (order.status !== "success")
        throw new Error(`order is ${order.status}, only a success can be disputed`);
      changeStatus(order, "disputed");
    }),
  };
  mountControls(kernel.app, table, () => ({
    balance: state.balance,
    address: state.address,
    webhookUrl: state.webhookUrl ?? null,
    requests: state.requests,
    orders: [...state.orders.values()].map(orderJson),
    deliveries: state.deliveries,
  }));

  return serveSimulator({ kernel, sender, state, table, port: options.port, host: options.host });
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  409: "Conflict",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
