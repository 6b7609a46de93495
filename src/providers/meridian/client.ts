import { toDecimalNumber } from "../../money.js";
import type { ProviderDeps } from "../deps.js";
import { createHttpClient, fillPath } from "../http.js";
import { checkSameInvoice } from "../invoice-reading.js";
import type { CreateInvoiceInput, Invoice, ReceiveProvider } from "../receive.js";
import type { MeridianConfig } from "./descriptor.js";
import { meridianInvoiceSchema, meridianMethodFor, readMeridianError, toInvoice } from "./schemas.js";
import { meridianKeySecret, signMeridianRequest, verifyMeridianNotification } from "./webhook.js";

/** Every path the client calls, in one place. Both are documented. */
export const MERIDIAN_PATHS = {
  invoices: "/api/v1/invoices",
  invoice: "/api/v1/invoices/{id}",
};
export type MeridianPaths = typeof MERIDIAN_PATHS;

export interface MeridianOptions {
  paths?: Partial<MeridianPaths>;
  /** The notification signature header, should Meridian turn out to use another name. */
  signatureHeader?: string;
}

export function createMeridianProvider(
  config: MeridianConfig,
  deps: ProviderDeps = {},
  options: MeridianOptions = {},
): ReceiveProvider {
  const paths = { ...MERIDIAN_PATHS, ...options.paths };
  const http = createHttpClient({
    provider: "meridian",
    baseUrl: config.apiUrl,
    headers: {},
    sign: (request) => signMeridianRequest(config.apiKey, request),
    readError: readMeridianError,
    // Meridian documents no error codes; statuses and the no-requisites text decide.
    errorKinds: {},
    secrets: [
      config.apiKey,
      meridianKeySecret(config.apiKey),
      config.notificationToken,
      ...(deps.secrets ?? []),
    ],
    logger: deps.logger,
    fetch: deps.fetch,
    tuning: deps.http,
  });

  function body(input: CreateInvoiceInput) {
    if (input.reference.trim() === "") throw new RangeError("an invoice needs a reference");
    const { amount } = input;
    if (amount.currency !== "RUB" || !Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
      throw new RangeError("a Meridian invoice is for a positive amount of RUB");
    }
    const method = input.method ?? config.methods[0];
    const paymentMethod = method === undefined ? undefined : meridianMethodFor(method);
    if (method === undefined || paymentMethod === undefined || !config.methods.includes(method)) {
      throw new RangeError(`Meridian does not offer the method ${String(method)} here`);
    }
    if (input.bank !== undefined && !config.banks.includes(input.bank)) {
      throw new RangeError(`Meridian does not offer the bank ${input.bank} here`);
    }
    return {
      internalId: input.reference,
      direction: "in",
      // Rubles, not kopecks: 150050 → 1500.5, from the exact decimal text.
      amount: toDecimalNumber(amount.minor, "RUB"),
      currency: "RUB",
      // Without a trader there are no requisites to show the customer.
      startDeal: true,
      paymentMethod,
      ...(input.bank !== undefined && { paymentOption: input.bank }),
      notificationUrl: input.notificationUrl,
      notificationToken: config.notificationToken,
    };
  }

  return {
    name: "meridian",
    methods: config.methods,
    banks: config.banks,

    // The document: a repeat with the same internalId returns the existing invoice, so a lost
    // answer is retried.
    async createInvoice(input): Promise<Invoice> {
      const { data } = await http.request({
        operation: "createInvoice",
        method: "POST",
        path: paths.invoices,
        body: body(input),
        retrySafe: true,
        schema: meridianInvoiceSchema,
      });
      const invoice = toInvoice(data, { reference: input.reference, amount: input.amount });
      return { ...invoice, reference: invoice.reference ?? input.reference };
    },

    async getInvoice(id) {
      const { data } = await http.request({
        operation: "invoice",
        method: "GET",
        path: fillPath(paths.invoice, { id }),
        schema: meridianInvoiceSchema,
      });
      return checkSameInvoice(toInvoice(data), id);
    },

    verifyNotification(rawBody, headers) {
      return verifyMeridianNotification(rawBody, headers, {
        token: config.notificationToken,
        signatureHeader: options.signatureHeader,
      });
    },
  };
}
