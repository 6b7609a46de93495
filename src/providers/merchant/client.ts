import { toDecimalNumber } from "../../money.js";
import type { ProviderDeps } from "../deps.js";
import { createHttpClient, fillPath } from "../http.js";
import { checkSameInvoice } from "../invoice-reading.js";
import type { CreateInvoiceInput, Invoice, ReceiveProvider } from "../receive.js";
import type { MerchantConfig } from "./descriptor.js";
import { merchantOrderSchema, readMerchantError, toInvoice } from "./schemas.js";
import { signMerchantRequest, verifyMerchantCallback } from "./webhook.js";

/**
 * Every path the client calls, in one place. The document lists no endpoints: these are our
 * convention (docs/providers.md), to correct here once the real ones are known.
 */
export const MERCHANT_PATHS = {
  orders: "/api/v1/orders",
  order: "/api/v1/orders/{uuid}",
};
export type MerchantPaths = typeof MERCHANT_PATHS;

export interface MerchantOptions {
  paths?: Partial<MerchantPaths>;
  /** How far a signed callback's X-Timestamp may be from our clock (300 s). */
  callbackToleranceSeconds?: number;
}

export function createMerchantProvider(
  config: MerchantConfig,
  deps: ProviderDeps = {},
  options: MerchantOptions = {},
): ReceiveProvider {
  const paths = { ...MERCHANT_PATHS, ...options.paths };
  const clock = deps.clock ?? Date.now;
  const http = createHttpClient({
    provider: "merchant",
    baseUrl: config.apiUrl,
    headers: {},
    // A fresh timestamp on every attempt, so a retry is never refused as stale.
    sign: ({ body }) =>
      signMerchantRequest(config.apiKey, config.apiSecret, { timestamp: Math.floor(clock() / 1000), body }),
    readError: readMerchantError,
    errorKinds: {},
    secrets: [config.apiKey, config.apiSecret, ...(deps.secrets ?? [])],
    logger: deps.logger,
    fetch: deps.fetch,
    tuning: deps.http,
  });

  function body(input: CreateInvoiceInput) {
    if (input.reference.trim() === "") throw new RangeError("an invoice needs a reference");
    const { amount } = input;
    if (amount.currency !== "RUB" || !Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
      throw new RangeError("a merchant API order is for a positive amount of RUB");
    }
    if ((input.method ?? "link") !== "link") {
      throw new RangeError(`the merchant API offers only its payment page, not ${input.method}`);
    }
    if (input.bank !== undefined) throw new RangeError("the merchant API offers no choice of bank");
    // Callbacks go to the callback_url set in the merchant's dashboard; input.notificationUrl is not sent.
    return {
      merchant_order_id: input.reference,
      amount: toDecimalNumber(amount.minor, "RUB"),
      currency: "RUB",
    };
  }

  return {
    name: "merchant",
    methods: ["link"],
    banks: [],

    // Assumed (simulator: so): a repeat with the same merchant_order_id returns the same order.
    async createInvoice(input): Promise<Invoice> {
      const { data } = await http.request({
        operation: "createInvoice",
        method: "POST",
        path: paths.orders,
        body: body(input),
        retrySafe: true,
        schema: merchantOrderSchema,
      });
      const invoice = toInvoice(data, { reference: input.reference, amount: input.amount });
      return { ...invoice, reference: invoice.reference ?? input.reference };
    },

    async getInvoice(uuid) {
      const { data } = await http.request({
        operation: "invoice",
        method: "GET",
        path: fillPath(paths.order, { uuid }),
        schema: merchantOrderSchema,
      });
      return checkSameInvoice(toInvoice(data), uuid);
    },

    verifyNotification(rawBody, headers) {
      return verifyMerchantCallback(rawBody, headers, {
        secret: config.apiSecret,
        toleranceSeconds: options.callbackToleranceSeconds,
        clock,
      });
    },
  };
}
