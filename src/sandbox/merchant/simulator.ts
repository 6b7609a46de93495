/**
 * A local merchant REST API v1 (document 003): every request signed with X-API-Key, X-Timestamp
 * and hex HMAC(secret, timestamp + body), checked (401 otherwise); orders on our conventional
 * endpoints, idempotent by `merchant_order_id`; amounts credited in USDT at a rate minus a
 * commission; and Callback V3 to the configured callback URL on every status change, signed under
 * our convention (providers/merchant/webhook.ts) or, on demand, unsigned; retried until accepted.
 */

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { safeEqual } from "../../lib/timing-safe.js";
import type { Logger } from "../../logger.js";
import { formatMoney, toMinor } from "../../money.js";
import {
  MERCHANT_API_KEY_HEADER,
  MERCHANT_SIGNATURE_HEADER,
  MERCHANT_TIMESTAMP_HEADER,
  MERCHANT_TOLERANCE_SECONDS,
  merchantSignature,
  signMerchantCallback,
} from "../../providers/merchant/webhook.js";
import type { Clock } from "../../providers/types.js";
import { commonControls, control, mountControls, noInput } from "../providers/controls.js";
import { SimError, SimKernel } from "../providers/kernel.js";
import { serveSimulator } from "../providers/listen.js";
import { type DeliveryRecord, type WebhookRetryOptions, WebhookSender } from "../providers/webhook-sender.js";
import { callbackJson, type MerchantSimOrder, orderJson, usdtFor } from "./orders.js";

export interface MerchantSimulatorOptions {
  apiKey: string;
  apiSecret: string;
  /** The callback_url of the merchant's dashboard. */
  callbackUrl?: string;
  port?: number;
  host?: string;
  /** How long an order waits for the customer before `timeout` (15 min). */
  orderLifetimeMs?: number;
  /** From creation until the customer pays by itself; null: only when `controls.pay()` is called. */
  settleDelayMs?: number | null;
  /** RUB per USDT, decimal text ("92.50"). */
  rateRubPerUsdt?: string;
  /** The merchant's commission in basis points of the USDT amount (900 = 9 %). */
  commissionBps?: number;
  /** How far X-Timestamp may be from the simulator's clock (300 s). */
  requestToleranceSeconds?: number;
  /** Whether callbacks carry `uuid` (the document's table lists it, its example does not). */
  callbackIncludesUuid?: boolean;
  webhookRetry?: WebhookRetryOptions;
  clock?: Clock;
  logger?: Logger;
}

export interface MerchantSimState {
  /** By uuid, oldest first. */
  readonly orders: Map<string, MerchantSimOrder>;
  callbackUrl: string | undefined;
  /** Requests per endpoint: create, order. */
  readonly requests: Record<string, number>;
  /** Callback deliveries, oldest first. */
  readonly deliveries: DeliveryRecord[];
}

export type MerchantSimulator = Awaited<ReturnType<typeof startMerchantSimulator>>;

const answerPatch = z.strictObject({
  /** `create` or `order`; any when absent. */
  endpoint: z.enum(["create", "order"]).optional(),
  times: z.number().int().positive().default(1),
  amount_local: z.union([z.number(), z.string()]).optional(),
  amount_usdt: z.union([z.number(), z.string()]).optional(),
  merchant_commission: z.union([z.number(), z.string()]).optional(),
  status: z.string().min(1).optional(),
  currency: z.string().optional(),
  payment_url: z.string().optional(),
});
type AnswerPatch = z.output<typeof answerPatch>;

export async function startMerchantSimulator(options: MerchantSimulatorOptions) {
  const clock = options.clock ?? Date.now;
  const lifetimeMs = options.orderLifetimeMs ?? 15 * 60_000;
  const settleDelayMs = options.settleDelayMs === undefined ? 1_500 : options.settleDelayMs;
  const rateKopecks = toMinor(options.rateRubPerUsdt ?? "92.50", "RUB");
  const commissionBps = options.commissionBps ?? 900;
  const tolerance = options.requestToleranceSeconds ?? MERCHANT_TOLERANCE_SECONDS;
  const sender = new WebhookSender({
    clock,
    retry: options.webhookRetry,
    logger: options.logger,
    idPrefix: "merchant-dlv-",
  });
  const kernel = new SimKernel({
    authenticate(headers, request) {
      if (headers.get(MERCHANT_API_KEY_HEADER) !== options.apiKey) return "Invalid API key";
      const timestamp = headers.get(MERCHANT_TIMESTAMP_HEADER) ?? "";
      const now = Math.floor(clock() / 1000);
      if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > tolerance) {
        return "Invalid or expired timestamp";
      }
      const expected = merchantSignature(options.apiSecret, timestamp, request.body);
      const given = (headers.get(MERCHANT_SIGNATURE_HEADER) ?? "").toLowerCase();
      return safeEqual(given, expected) || "Invalid signature";
    },
    errorBody: (_status, code, message) => ({ error: code, message }),
    codes: {
      unauthorized: "unauthorized",
      badRequest: "validation_error",
      notFound: "not_found",
      unavailable: "service_unavailable",
      rateLimited: "too_many_requests",
      idempotencyConflict: "conflict",
    },
    idempotency: { conflictStatus: 409 },
  });

  const state: MerchantSimState = {
    orders: new Map(),
    callbackUrl: options.callbackUrl,
    requests: kernel.requests,
    deliveries: sender.deliveries,
  };
  const byMerchantOrderId = new Map<string, MerchantSimOrder>();
  const patches: AnswerPatch[] = [];
  let unsignedNext = 0;

  function answer(endpoint: "create" | "order", order: MerchantSimOrder) {
    const body = orderJson(order);
    const index = patches.findIndex((p) => p.endpoint === undefined || p.endpoint === endpoint);
    const patch = patches[index];
    if (!patch) return body;
    patch.times -= 1;
    if (patch.times <= 0) patches.splice(index, 1);
    const { endpoint: _, times: __, ...fields } = patch;
    return { ...body, ...fields };
  }

  function changeStatus(order: MerchantSimOrder, status: string): void {
    order.status = status;
    order.updatedAt = clock();
    const body = JSON.stringify(callbackJson(order, options.callbackIncludesUuid ?? false));
    const unsigned = unsignedNext > 0;
    if (unsigned) unsignedNext -= 1;
    sender.send(state.callbackUrl, {
      eventId: `${order.uuid}:${status}:${order.updatedAt}`,
      type: `order.${status}`,
      orderingKey: order.uuid,
      body,
      // A fresh timestamp per attempt, as a request would carry.
      headers: () =>
        unsigned ? {} : signMerchantCallback(body, options.apiSecret, Math.floor(clock() / 1000)),
    });
  }

  function lapseIfDue(order: MerchantSimOrder): void {
    if (order.status === "pending" && clock() >= order.expiresAt) changeStatus(order, "timeout");
  }

  function find(uuid: string): MerchantSimOrder {
    const order = state.orders.get(uuid);
    if (!order) throw new SimError(404, "not_found", "Order not found");
    lapseIfDue(order);
    return order;
  }

  /** The order a control means: by uuid, or the latest one. */
  function move(input: { uuid?: string } | undefined, status: string, from: (s: string) => boolean) {
    const order = input?.uuid !== undefined ? find(input.uuid) : [...state.orders.values()].at(-1);
    if (!order) throw new Error("no order yet");
    lapseIfDue(order);
    if (!from(order.status)) throw new Error(`order ${order.uuid} is ${order.status}`);
    changeStatus(order, status);
    return orderJson(order);
  }

  const createBody = z.strictObject({
    merchant_order_id: z.string().min(1).max(255),
    amount: z
      .number()
      .positive()
      .refine((v) => {
        try {
          return toMinor(v, "RUB") > 0;
        } catch {
          return false;
        }
      }, "must be rubles with at most 2 decimals"),
    currency: z.literal("RUB"),
  });

  kernel.endpoint({ name: "create", method: "POST", path: "/api/v1/orders" }, ({ body, url }) => {
    const input = kernel.parse(createBody, body);
    const existing = byMerchantOrderId.get(input.merchant_order_id);
    if (existing) {
      lapseIfDue(existing);
      return { body: answer("create", existing) };
    }
    const amountKopecks = toMinor(input.amount, "RUB");
    const uuid = randomUUID();
    const now = clock();
    const order: MerchantSimOrder = {
      uuid,
      merchantOrderId: input.merchant_order_id,
      status: "pending",
      amountKopecks,
      ...usdtFor(amountKopecks, rateKopecks, commissionBps),
      paymentUrl: `${url.origin}/pay/${uuid}`,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + lifetimeMs,
    };
    state.orders.set(uuid, order);
    byMerchantOrderId.set(order.merchantOrderId, order);
    kernel.later(settleDelayMs, () => {
      lapseIfDue(order);
      if (order.status === "pending") changeStatus(order, "paid");
    });
    kernel.later(lifetimeMs, () => lapseIfDue(order));
    return { body: answer("create", order) };
  });

  kernel.endpoint({ name: "order", method: "GET", path: "/api/v1/orders/:uuid" }, ({ params }) => ({
    body: answer("order", find(params.uuid ?? "")),
  }));

  // The customer's page; in the sandbox it only shows what the customer would pay.
  kernel.app.get("/pay/:uuid", (c) => {
    const order = state.orders.get(c.req.param("uuid"));
    if (!order) return c.text("Order not found", 404);
    lapseIfDue(order);
    return c.html(
      `<!doctype html><meta charset="utf-8"><title>Оплата</title><p>К оплате: ${formatMoney(order.amountKopecks, "RUB")}</p><p>Статус: ${order.status === "pending" ? "ожидает оплаты" : "закрыт"}</p>`,
    );
  });

  const which = z.strictObject({ uuid: z.string().optional() }).optional();
  const pending = (s: string) => s === "pending";
  const table = {
    ...commonControls(kernel, sender, (url) => {
      state.callbackUrl = url ?? undefined;
    }),
    /** The customer paid (the order `uuid`, or the latest). */
    pay: control(which, (input) => move(input, "paid", pending)),
    /** The order's lifetime ran out now: a `timeout` callback, with the order's amounts. */
    expire: control(which, (input) => move(input, "timeout", pending)),
    cancel: control(which, (input) => move(input, "canceled", pending)),
    /** Any status name, used by the API or not; called back like any change. */
    setStatus: control(
      z.strictObject({ uuid: z.string().optional(), status: z.string().min(1).max(100) }),
      ({ uuid, status }) => move({ uuid }, status, () => true),
    ),
    /** The next `times` callbacks go out without X-Timestamp and X-Signature. */
    unsignedNextCallback: control(
      z.strictObject({ times: z.number().int().positive().default(1) }).optional(),
      (input) => {
        unsignedNext += input?.times ?? 1;
      },
    ),
    /** The next answer (of `endpoint`) says something else than the stored order: a bad amount, a status. */
    alterNextAnswer: control(answerPatch, (patch) => {
      patches.push(patch);
    }),
    clearScenarios: control(noInput, () => {
      unsignedNext = 0;
      patches.length = 0;
    }),
  };
  mountControls(kernel.app, table, () => ({
    callbackUrl: state.callbackUrl ?? null,
    requests: state.requests,
    orders: [...state.orders.values()].map(orderJson),
    deliveries: state.deliveries,
  }));

  return serveSimulator({ kernel, sender, state, table, port: options.port, host: options.host });
}
