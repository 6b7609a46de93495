/**
 * A local Lincoln exchanger, faithful to its merchant document and to our conventions where it is
 * silent: form-encoded create, status read and mark-paid, an optional auth header, orders with
 * uid/id/secret going new → waitPayment on create, and one IPN per status change POSTed once,
 * never retried, form-encoded and signed with the order's own secret. When an order is paid out,
 * `onPayout` is called so a provider simulator can receive the USDT.
 */

import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Logger } from "../../logger.js";
import { toMinor } from "../../money.js";
import { EXCHANGE_STATUSES } from "../../providers/exchange.js";
import { LINCOLN_PATHS, type LincolnPaths } from "../../providers/lincoln/client.js";
import { signLincolnIpn } from "../../providers/lincoln/webhook.js";
import type { Clock } from "../../providers/types.js";
import { control, faultControls, mountControls, noInput } from "../providers/controls.js";
import { SimError, SimKernel } from "../providers/kernel.js";
import { serveSimulator } from "../providers/listen.js";
import { type DeliveryRecord, WebhookSender } from "../providers/webhook-sender.js";
import {
  answerJson,
  ipnFields,
  ipnToValues,
  type LincolnSimOrder,
  stateJson,
  usdtMicroFor,
} from "./orders.js";

export interface LincolnPayout {
  toAddress: string;
  outAmountMicro: number;
  orderUid: string;
}

export interface LincolnSimulatorOptions {
  /** When set, create must carry this `partner`. */
  partner?: string;
  /** When set, every API request must carry it in `authHeader`: 401 otherwise. */
  apiKey?: string;
  authHeader?: string;
  /** Known routes and their XML codes; when absent, any ObjectId is a RUB → USDT (TRC-20) route. */
  routes?: Record<string, { xmlFrom?: string; xmlTo?: string }>;
  /** The `toValues[0][key]` the routes expect. Default `wallet`. */
  toValuesKey?: string;
  /** RUB per USDT, decimal text. Default "95.00". */
  rateRubPerUsdt?: string;
  /** Kept by the exchanger, in basis points of the USDT. Default 100 (1 %). */
  feeBps?: number;
  /** Kopecks. Default 100 ₽. */
  minAmountMinor?: number;
  /** Where the order is in answers. Default `data`; `controls.answerShape` switches it. */
  answerShape?: "top" | "data";
  /** From paid to done; null: only when `controls.payout()` is called. Default 1.5 s. */
  payoutDelayMs?: number | null;
  /** Called when an order is done: the USDT leaves for `toAddress`. */
  onPayout?: (payout: LincolnPayout) => unknown;
  /** The hash field of IPNs (the document does not name it). Default `hash`. */
  ipnHashField?: "hash" | "sign" | "signature";
  /** Per IPN delivery. Default 5 s. */
  ipnTimeoutMs?: number;
  paths?: Partial<LincolnPaths>;
  port?: number;
  host?: string;
  clock?: Clock;
  logger?: Logger;
}

export interface LincolnSimState {
  /** By uid. */
  readonly orders: Map<string, LincolnSimOrder>;
  answerShape: "top" | "data";
  readonly requests: Record<string, number>;
  /** Every IPN, oldest first: `delivered`, `failed` (never retried) or `dropped` (lost on purpose). */
  readonly ipns: DeliveryRecord[];
}

export type LincolnSimulator = Awaited<ReturnType<typeof startLincolnSimulator>>;

export const TROUBLED_STATUSES = ["errorPayment", "errorPayout", "hold", "returned", "deleted"] as const;
const FINAL = new Set(["done", "returned", "deleted"]);

const objectId = () => randomBytes(12).toString("hex");
const base62 = (length: number) =>
  [...randomBytes(length)]
    .map((b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[b % 62])
    .join("");

export async function startLincolnSimulator(options: LincolnSimulatorOptions = {}) {
  const clock = options.clock ?? Date.now;
  const paths = { ...LINCOLN_PATHS, ...options.paths };
  const authHeader = options.authHeader ?? "x-api-key";
  const toValuesKey = options.toValuesKey ?? "wallet";
  const rateKopecks = toMinor(options.rateRubPerUsdt ?? "95.00", "RUB");
  const feeBps = options.feeBps ?? 100;
  const payoutDelayMs = options.payoutDelayMs === undefined ? 1_500 : options.payoutDelayMs;
  const sender = new WebhookSender({
    clock,
    // Sent once: Lincoln does not retry an IPN that was not accepted.
    retry: { attempts: 1, timeoutMs: options.ipnTimeoutMs ?? 5_000 },
    logger: options.logger,
    idPrefix: "ipn-",
  });
  const kernel = new SimKernel({
    bodies: "form",
    authenticate: (headers) => options.apiKey === undefined || headers.get(authHeader) === options.apiKey,
    errorBody: (_status, code, message) => ({
      success: false,
      error: { apiError: true, errorType: "api", code, message },
    }),
    codes: {
      unauthorized: "unauthorized",
      badRequest: "invalid_request",
      notFound: "not_found",
      unavailable: "unavailable",
      rateLimited: "rate_limited",
      idempotencyConflict: "conflict",
    },
    idempotency: { conflictStatus: 409 },
  });
  const state: LincolnSimState = {
    orders: new Map(),
    answerShape: options.answerShape ?? "data",
    requests: kernel.requests,
    ipns: sender.deliveries,
  };
  let nextUid = 1400;

  function changeStatus(order: LincolnSimOrder, status: string): void {
    order.status = status;
    order.updatedAt = clock();
    if (!order.ipnUrl || !order.ipnSecret) return;
    const fields = ipnFields(order, order.updatedAt);
    const body = new URLSearchParams({
      ...signLincolnIpn(fields, order.ipnSecret, options.ipnHashField),
      ...ipnToValues(order),
    }).toString();
    sender.send(order.ipnUrl, {
      eventId: `${fields.orderId}:${fields.newStatus}:${fields.timestamp}`,
      type: status,
      orderingKey: String(order.uid),
      body,
      headers: () => ({ "content-type": "application/x-www-form-urlencoded" }),
    });
  }

  function find(uid: string | undefined, secret?: string): LincolnSimOrder {
    const order = uid === undefined ? [...state.orders.values()].at(-1) : state.orders.get(uid);
    // A wrong secret looks like no order at all: it says nothing about which uids exist.
    if (!order || (secret !== undefined && secret !== order.secret))
      throw new SimError(404, "order_not_found", "Order not found");
    return order;
  }

  /** waitPayment → inProgress; later statuses stay (marking twice is harmless). */
  function markPaid(order: LincolnSimOrder): void {
    if (["inProgress", "inProgressPayout", "done"].includes(order.status)) return;
    if (order.status !== "waitPayment") throw new SimError(409, "invalid_state", `Order is ${order.status}`);
    changeStatus(order, "inProgress");
    kernel.later(payoutDelayMs, () => void payout(order).catch(() => {}));
  }

  async function payout(order: LincolnSimOrder): Promise<void> {
    if (order.status !== "inProgress") throw new Error(`order is ${order.status}, not inProgress`);
    changeStatus(order, "inProgressPayout");
    changeStatus(order, "done");
    try {
      await options.onPayout?.({
        toAddress: order.toAddress,
        outAmountMicro: order.outUsdtMicro,
        orderUid: String(order.uid),
      });
      order.payout = { status: "sent" };
    } catch (error) {
      order.payout = { status: "failed", error: error instanceof Error ? error.message : String(error) };
    }
  }

  const amount = z.string().transform((value, ctx) => {
    try {
      const minor = toMinor(value, "RUB");
      if (minor >= (options.minAmountMinor ?? 10_000)) return minor;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: `Param amount isn't valid: ${value.slice(0, 20)}` });
    return z.NEVER;
  });
  const createForm = z.strictObject({
    routeId: z.string().regex(/^[0-9a-f]{24}$/i, "Param routeId isn't valid"),
    partner: z.string().min(1),
    amount,
    "toValues[0][key]": z.literal(toValuesKey, `Param toValues isn't valid: ${toValuesKey}`),
    "toValues[0][value]": z.string().trim().min(1).max(200),
    lang: z.enum(["ru", "en", "uk"]).default("ru"),
    agreement: z.literal("true", "Param agreement must be true"),
    hideOutData: z.enum(["true", "false"]).default("false"),
    clientCallbackUrl: z.url().optional(),
    ipnUrl: z.url({ protocol: /^https?$/ }).optional(),
    ipnSecret: z.string().min(1).max(500).optional(),
  });
  kernel.endpoint({ name: "create", method: "POST", path: paths.create }, ({ body }) => {
    const input = kernel.parse(createForm, body);
    if (options.partner !== undefined && input.partner !== options.partner)
      throw new SimError(400, "invalid_partner", "Param partner isn't valid");
    const route = options.routes === undefined ? {} : options.routes[input.routeId];
    if (!route) throw new SimError(400, "invalid_route", "Param routeId isn't valid");
    const now = clock();
    const order: LincolnSimOrder = {
      uid: nextUid++,
      id: objectId(),
      secret: base62(24),
      status: "new",
      routeId: input.routeId,
      partner: input.partner,
      inRubMinor: input.amount,
      outUsdtMicro: usdtMicroFor(input.amount, rateKopecks, feeBps),
      xmlFrom: route.xmlFrom ?? "SBPRUB",
      xmlTo: route.xmlTo ?? "USDTTRC20",
      toValuesKey,
      toAddress: input["toValues[0][value]"],
      lang: input.lang,
      hideOutData: input.hideOutData === "true",
      clientCallbackUrl: input.clientCallbackUrl,
      ipnUrl: input.ipnUrl,
      ipnSecret: input.ipnSecret,
      createdAt: now,
      updatedAt: now,
    };
    state.orders.set(String(order.uid), order);
    changeStatus(order, "waitPayment");
    return { body: answerJson(order, state.answerShape) };
  });

  const readQuery = z.strictObject({ orderUID: z.string().min(1), orderSecret: z.string().min(1) });
  kernel.endpoint({ name: "get", method: "GET", path: paths.get }, ({ query }) => {
    const input = kernel.parse(readQuery, Object.fromEntries(query), "query");
    return { body: answerJson(find(input.orderUID, input.orderSecret), state.answerShape) };
  });

  kernel.endpoint({ name: "paid", method: "POST", path: paths.paid }, ({ body }) => {
    const input = kernel.parse(readQuery, body);
    const order = find(input.orderUID, input.orderSecret);
    markPaid(order);
    return { body: answerJson(order, state.answerShape) };
  });

  const which = { uid: z.union([z.string(), z.number()]).transform(String).optional() };
  const table = {
    ...faultControls(kernel),
    /** The company paid: waitPayment → inProgress (as the mark-paid endpoint does). Default: the latest order. */
    paid: control(z.strictObject(which).optional(), (input) => {
      const order = find(input?.uid);
      markPaid(order);
      return stateJson(order);
    }),
    /** inProgress → inProgressPayout → done, each with its IPN; then `onPayout` sends the USDT. */
    payout: control(z.strictObject(which).optional(), async (input) => {
      const order = find(input?.uid);
      await payout(order);
      return stateJson(order);
    }),
    /** The order gets into trouble (or is returned or deleted). */
    error: control(z.strictObject({ ...which, status: z.enum(TROUBLED_STATUSES) }), (input) => {
      const order = find(input.uid);
      if (FINAL.has(order.status)) throw new Error(`order is ${order.status}, final`);
      changeStatus(order, input.status);
      return stateJson(order);
    }),
    /** Any status name, even one going backwards or one Lincoln does not document: to test clients. */
    forceStatus: control(z.strictObject({ ...which, status: z.string().min(1).max(100) }), (input) => {
      const order = find(input.uid);
      changeStatus(order, input.status);
      return stateJson(order);
    }),
    /** The next IPN is lost: recorded as dropped, never sent (nor retried). */
    loseNextIpn: control(noInput, () => sender.dropNext()),
    answerShape: control(z.strictObject({ shape: z.enum(["top", "data"]) }), ({ shape }) => {
      state.answerShape = shape;
    }),
  };
  mountControls(kernel.app, table, () => ({
    answerShape: state.answerShape,
    statuses: EXCHANGE_STATUSES,
    requests: state.requests,
    orders: [...state.orders.values()].map(stateJson),
    ipns: state.ipns,
  }));

  return serveSimulator({ kernel, sender, state, table, port: options.port, host: options.host });
}
