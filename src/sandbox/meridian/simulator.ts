/**
 * A local Meridian invoice API, faithful to document 001: requests signed with base64 HMAC of
 * METHOD + full URL + body (a wrong key or signature is 401), invoices idempotent by `internalId`,
 * alive 10 minutes, a trader's requisites per method and bank in `dealRequisites` (a JSON string),
 * 503 «Нет доступных реквизитов» on demand, and notifications to each invoice's `notificationUrl`
 * signed under our convention (see providers/meridian/webhook.ts), retried until accepted.
 */

import { randomBytes } from "node:crypto";
import { z } from "zod";
import { safeEqual } from "../../lib/timing-safe.js";
import type { Logger } from "../../logger.js";
import { toMinor } from "../../money.js";
import {
  MERIDIAN_BANKS,
  MERIDIAN_METHOD_NAMES,
  MERIDIAN_NO_REQUISITES,
} from "../../providers/meridian/schemas.js";
import {
  MERIDIAN_API_KEY_HEADER,
  MERIDIAN_SIGNATURE_HEADER,
  meridianRequestSignature,
  signMeridianNotification,
} from "../../providers/meridian/webhook.js";
import type { Clock } from "../../providers/types.js";
import { control, faultControls, mountControls, noInput, webhookControls } from "../providers/controls.js";
import { SimError, SimKernel } from "../providers/kernel.js";
import { serveSimulator } from "../providers/listen.js";
import { type DeliveryRecord, type WebhookRetryOptions, WebhookSender } from "../providers/webhook-sender.js";
import { invoiceJson, type MeridianSimInvoice, requisitesFor } from "./invoices.js";

export interface MeridianSimulatorOptions {
  /** `keyId:secret`, as Meridian issues it. */
  apiKey: string;
  port?: number;
  host?: string;
  /** How long an invoice waits for the customer. Meridian: 10 min. */
  invoiceLifetimeMs?: number;
  /** From creation until the customer pays by itself; null: only when `controls.pay()` is called. */
  settleDelayMs?: number | null;
  /** `paymentOption` values with requisites (the document's five by default). */
  banks?: readonly string[];
  /** `dealRate`, RUB per USDT, decimal text. */
  rate?: string;
  merchantName?: string;
  /** How X-Signature of a notification is written (the verifier accepts both). */
  signatureEncoding?: "base64" | "hex";
  webhookRetry?: WebhookRetryOptions;
  clock?: Clock;
  logger?: Logger;
}

export interface MeridianSimState {
  /** By id, oldest first. */
  readonly invoices: Map<string, MeridianSimInvoice>;
  /** Requests per endpoint: create, invoice. */
  readonly requests: Record<string, number>;
  /** Notification deliveries, oldest first. */
  readonly deliveries: DeliveryRecord[];
}

export type MeridianSimulator = Awaited<ReturnType<typeof startMeridianSimulator>>;

/** Statuses after which the customer can no longer pay. */
const CLOSED = new Set(["paid", "expired", "canceled", "dispute"]);

/** The document asks for a valid HTTPS URL; plain http is let through for loopback receivers only. */
function acceptableNotificationUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

const answerPatch = z.strictObject({
  /** `create` or `invoice`; any when absent. */
  endpoint: z.enum(["create", "invoice"]).optional(),
  times: z.number().int().positive().default(1),
  /** E.g. "1500.505" or "-1500" for an amount no client may credit. */
  amount: z.union([z.string(), z.number()]).optional(),
  /** E.g. "refunded", a name Meridian does not document. */
  status: z.string().min(1).optional(),
  currency: z.string().optional(),
  dealRequisites: z.string().optional(),
});
type AnswerPatch = z.output<typeof answerPatch>;

export async function startMeridianSimulator(options: MeridianSimulatorOptions) {
  const clock = options.clock ?? Date.now;
  const lifetimeMs = options.invoiceLifetimeMs ?? 10 * 60_000;
  const settleDelayMs = options.settleDelayMs === undefined ? 1_500 : options.settleDelayMs;
  const banks = options.banks ?? MERIDIAN_BANKS;
  const sender = new WebhookSender({
    clock,
    retry: options.webhookRetry,
    logger: options.logger,
    idPrefix: "meridian-dlv-",
  });
  const kernel = new SimKernel({
    authenticate(headers, request) {
      if (headers.get(MERIDIAN_API_KEY_HEADER) !== options.apiKey) return "Invalid API key";
      const expected = meridianRequestSignature(options.apiKey, request);
      return safeEqual(headers.get(MERIDIAN_SIGNATURE_HEADER) ?? "", expected) || "Invalid signature";
    },
    errorBody: (_status, _code, message) => ({ error: message }),
    codes: {
      unauthorized: "unauthorized",
      badRequest: "bad_request",
      notFound: "not_found",
      unavailable: "unavailable",
      rateLimited: "rate_limited",
      idempotencyConflict: "conflict",
    },
    idempotency: { conflictStatus: 409 },
  });

  const state: MeridianSimState = {
    invoices: new Map(),
    requests: kernel.requests,
    deliveries: sender.deliveries,
  };
  const byInternalId = new Map<string, MeridianSimInvoice>();
  const patches: AnswerPatch[] = [];
  let refuseNext = 0;
  let sequence = 0;

  function answer(endpoint: "create" | "invoice", invoice: MeridianSimInvoice) {
    const body = invoiceJson(invoice);
    const index = patches.findIndex((p) => p.endpoint === undefined || p.endpoint === endpoint);
    const patch = patches[index];
    if (!patch) return body;
    patch.times -= 1;
    if (patch.times <= 0) patches.splice(index, 1);
    const { endpoint: _, times: __, ...fields } = patch;
    return { ...body, ...fields };
  }

  function changeStatus(invoice: MeridianSimInvoice, status: string): void {
    invoice.status = status;
    // Strictly later, so each change has its own updatedAt (and its own deduplication key).
    invoice.updatedAt = Math.max(clock(), invoice.updatedAt + 1);
    const body = JSON.stringify(invoiceJson(invoice));
    sender.send(invoice.notificationUrl, {
      eventId: `${invoice.id}:${status}:${new Date(invoice.updatedAt).toISOString()}`,
      type: `invoice.${status}`,
      orderingKey: invoice.id,
      body,
      headers: () =>
        signMeridianNotification(body, invoice.notificationToken, { encoding: options.signatureEncoding }),
    });
  }

  function lapseIfDue(invoice: MeridianSimInvoice): void {
    if ((invoice.status === "new" || invoice.status === "processing") && clock() >= invoice.expireAt) {
      changeStatus(invoice, "expired");
    }
  }

  function find(id: string): MeridianSimInvoice {
    const invoice = state.invoices.get(id);
    if (!invoice) throw new SimError(404, "not_found", "Заявка не найдена");
    lapseIfDue(invoice);
    return invoice;
  }

  /** The invoice a control means: by id, or the latest one. */
  function pick(input: { id?: string } | undefined): MeridianSimInvoice {
    if (input?.id !== undefined) return find(input.id);
    const latest = [...state.invoices.values()].at(-1);
    if (!latest) throw new Error("no invoice yet");
    lapseIfDue(latest);
    return latest;
  }

  function move(input: { id?: string } | undefined, status: string, from: (s: string) => boolean) {
    const invoice = pick(input);
    if (!from(invoice.status)) throw new Error(`invoice ${invoice.id} is ${invoice.status}`);
    changeStatus(invoice, status);
    return invoiceJson(invoice);
  }

  const createBody = z.strictObject({
    internalId: z.string().min(1).max(255),
    direction: z.literal("in", { error: 'only direction "in" is simulated' }),
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
    startDeal: z.boolean(),
    paymentMethod: z.enum(MERIDIAN_METHOD_NAMES).optional(),
    paymentOption: z.string().optional(),
    notificationUrl: z.string().refine(acceptableNotificationUrl, "must be a valid HTTPS URL"),
    notificationToken: z.string().min(32).max(255),
  });

  kernel.endpoint({ name: "create", method: "POST", path: "/api/v1/invoices" }, ({ body }) => {
    const input = kernel.parse(createBody, body);
    const existing = byInternalId.get(input.internalId);
    if (existing) {
      lapseIfDue(existing);
      return { body: answer("create", existing) };
    }
    if (input.paymentOption !== undefined && !banks.includes(input.paymentOption)) {
      throw new SimError(400, "bad_request", `paymentOption must be one of ${banks.join(", ")}`);
    }
    if (input.startDeal && refuseNext > 0) {
      refuseNext -= 1;
      throw new SimError(503, "no_requisites", MERIDIAN_NO_REQUISITES);
    }
    sequence += 1;
    const method = input.paymentMethod ?? "SBP";
    const bank = input.paymentOption ?? banks[sequence % banks.length]!;
    const now = clock();
    const invoice: MeridianSimInvoice = {
      id: `cm${sequence.toString(36).padStart(4, "0")}${randomBytes(11).toString("hex").slice(0, 21)}`,
      internalId: input.internalId,
      status: "new",
      paymentMethod: method,
      paymentOption: bank,
      amountKopecks: toMinor(input.amount, "RUB"),
      dealRate: options.rate ?? "95.50",
      ...(input.startDeal && {
        requisiteId: `req_${sequence.toString(36).padStart(6, "0")}`,
        requisites: requisitesFor(method, bank, sequence),
      }),
      merchantName: options.merchantName ?? "ООО Ромашка",
      notificationUrl: input.notificationUrl,
      notificationToken: input.notificationToken,
      createdAt: now,
      updatedAt: now,
      expireAt: now + lifetimeMs,
    };
    state.invoices.set(invoice.id, invoice);
    byInternalId.set(invoice.internalId, invoice);
    kernel.later(settleDelayMs, () => {
      lapseIfDue(invoice);
      if (invoice.status === "new" || invoice.status === "processing") changeStatus(invoice, "paid");
    });
    kernel.later(lifetimeMs, () => lapseIfDue(invoice));
    return { body: answer("create", invoice) };
  });

  kernel.endpoint({ name: "invoice", method: "GET", path: "/api/v1/invoices/:id" }, ({ params }) => ({
    body: answer("invoice", find(params.id ?? "")),
  }));

  const which = z.strictObject({ id: z.string().optional() }).optional();
  const open = (s: string) => !CLOSED.has(s);
  const table = {
    ...faultControls(kernel),
    /** The next notification is lost (recorded as dropped, never sent). */
    ...webhookControls(sender),
    /** The customer paid (the invoice `id`, or the latest). */
    pay: control(which, (input) => move(input, "paid", open)),
    /** The trader started processing: `processing`, which the text names but the status list does not. */
    processing: control(which, (input) => move(input, "processing", (s) => s === "new")),
    /** The 10 minutes ran out now. */
    expire: control(which, (input) => move(input, "expired", open)),
    cancel: control(which, (input) => move(input, "canceled", open)),
    /** A dispute is opened (after payment, or instead of it). */
    dispute: control(which, (input) => move(input, "dispute", (s) => s !== "dispute")),
    /** Any status name, documented or not; notified like any change. */
    setStatus: control(
      z.strictObject({ id: z.string().optional(), status: z.string().min(1).max(100) }),
      ({ id, status }) => move({ id }, status, () => true),
    ),
    /** The next `times` new invoices are refused: 503 «Нет доступных реквизитов». */
    noRequisites: control(
      z.strictObject({ times: z.number().int().positive().default(1) }).optional(),
      (input) => {
        refuseNext += input?.times ?? 1;
      },
    ),
    /** The next answer (of `endpoint`) says something else than the stored invoice: a bad amount, a status. */
    alterNextAnswer: control(answerPatch, (patch) => {
      patches.push(patch);
    }),
    clearScenarios: control(noInput, () => {
      refuseNext = 0;
      patches.length = 0;
    }),
  };
  mountControls(kernel.app, table, () => ({
    requests: state.requests,
    invoices: [...state.invoices.values()].map(invoiceJson),
    deliveries: state.deliveries,
    noRequisitesLeft: refuseNext,
  }));

  return serveSimulator({ kernel, sender, state, table, port: options.port, host: options.host });
}
