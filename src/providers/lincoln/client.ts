import { createScrubber } from "../../lib/scrub.js";
import { toDecimalString } from "../../money.js";
import type { ProviderDeps } from "../deps.js";
import type { CreateExchangeOrderInput, ExchangeLang, ExchangeOrder, Exchanger } from "../exchange.js";
import { createHttpClient, type ProviderErrorBody } from "../http.js";
import { ProviderError, type ProviderErrorKind } from "../types.js";
import type { LincolnConfig } from "./descriptor.js";
import {
  type LincolnAnswer,
  type LincolnOrder,
  lincolnAcknowledgementSchema,
  lincolnAnswerSchema,
  readLincolnError,
  toExchangeStatus,
} from "./schemas.js";
import { readLincolnIpn, verifyLincolnIpn } from "./webhook.js";

/**
 * The document gives `create`; `get` is the issue's; `paid` is our convention (the document says a
 * prepaid order must be moved to `inProgress` but names no method). All three are configurable.
 */
export const LINCOLN_PATHS = {
  create: "/public/exchanger/order/create",
  get: "/public/exchanger/order/get",
  paid: "/public/exchanger/order/paid",
};
export type LincolnPaths = typeof LINCOLN_PATHS;

/** No codes are documented; these are the simulator's. Unknown codes fall back on the HTTP status. */
export const LINCOLN_ERROR_KINDS: Readonly<Record<string, ProviderErrorKind>> = {
  unauthorized: "unauthorized",
  not_found: "not_found",
  order_not_found: "not_found",
  rate_limited: "rate_limited",
};

export interface LincolnOptions {
  /** `hideOutData`: keep the deposit address off the payment page (default true). */
  hideOutData?: boolean;
}

/** The create request, form fields in the document's order, names as it writes them. */
export function lincolnCreateForm(
  config: Pick<LincolnConfig, "partner" | "toValuesKey">,
  input: CreateExchangeOrderInput,
  options: LincolnOptions = {},
): Record<string, string> {
  const { amount } = input;
  if (amount.currency !== "RUB" || !Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
    throw new RangeError("the amount must be a positive number of kopecks");
  }
  if (input.ipnSecret.length < 16) throw new RangeError("the IPN secret must be at least 16 characters");
  for (const name of ["routeId", "toAddress", "ipnUrl", "clientCallbackUrl"] as const) {
    if (input[name].trim() === "") throw new RangeError(`${name} is required`);
  }
  return {
    routeId: input.routeId,
    partner: config.partner,
    amount: toDecimalString(amount.minor, "RUB"),
    "toValues[0][key]": config.toValuesKey,
    "toValues[0][value]": input.toAddress,
    lang: input.lang,
    agreement: "true",
    hideOutData: String(options.hideOutData ?? true),
    clientCallbackUrl: input.clientCallbackUrl,
    ipnUrl: input.ipnUrl,
    ipnSecret: input.ipnSecret,
  };
}

/** `<base>/<lang>/payment/<uid>/<secret>`, as the document's example. */
export function lincolnPaymentUrl(base: string, uid: string, secret: string, lang: ExchangeLang): string {
  return `${base}/${lang}/payment/${encodeURIComponent(uid)}/${encodeURIComponent(secret)}`;
}

export function createLincolnExchanger(
  config: LincolnConfig,
  deps: ProviderDeps = {},
  options: LincolnOptions = {},
): Exchanger {
  const secrets = [...(config.apiKey ? [config.apiKey] : []), ...(deps.secrets ?? [])];
  const http = createHttpClient({
    provider: "lincoln",
    baseUrl: config.apiUrl,
    headers: config.apiKey ? { [config.authHeader]: config.apiKey } : {},
    readError: readLincolnError,
    errorKinds: LINCOLN_ERROR_KINDS,
    secrets,
    logger: deps.logger,
    fetch: deps.fetch,
    tuning: deps.http,
  });
  const paymentUrl = (uid: string, secret: string, lang: ExchangeLang) =>
    lincolnPaymentUrl(config.paymentPageUrl, uid, secret, lang);

  /** A refusal inside a 2xx (`success: false`) is a refusal like a 4xx: nothing was done. */
  function refusal(operation: string, error: ProviderErrorBody, status: number, perOrder: string[]) {
    const { code, message } = error;
    return new ProviderError({
      provider: "lincoln",
      kind: "rejected",
      operation,
      status,
      code,
      providerMessage:
        message === undefined ? undefined : createScrubber([...secrets, ...perOrder])(message).slice(0, 200),
    });
  }

  function orderOf(
    operation: string,
    answer: LincolnAnswer,
    status: number,
    perOrder: string[],
  ): LincolnOrder {
    if (answer.ok) return answer.order;
    throw refusal(operation, answer.error, status, perOrder);
  }

  function toOrder(order: LincolnOrder, secret: string, lang: ExchangeLang): ExchangeOrder {
    const providerStatus = order.status ?? "";
    return {
      provider: "lincoln",
      uid: order.orderUID,
      id: order.orderId,
      secret,
      status: toExchangeStatus(providerStatus),
      providerStatus,
      inAmount: order.inAmount,
      outAmount: order.outAmount,
      paymentUrl: paymentUrl(order.orderUID, secret, lang),
    };
  }

  async function getOrder(uid: string, secret: string, lang: ExchangeLang = "ru"): Promise<ExchangeOrder> {
    const { data, status } = await http.request({
      operation: "getOrder",
      method: "GET",
      path: config.paths.get,
      query: { orderUID: uid, orderSecret: secret },
      schema: lincolnAnswerSchema,
      secrets: [secret],
    });
    return checkedOrder("getOrder", toOrder(orderOf("getOrder", data, status, [secret]), secret, lang), uid);
  }

  /** An answer about another order than the one asked for must not move ours. */
  function checkedOrder(operation: string, order: ExchangeOrder, uid: string): ExchangeOrder {
    if (order.uid === uid) return order;
    throw new ProviderError(
      { provider: "lincoln", kind: "bad_response", operation },
      `answered about order ${order.uid}, not ${uid}`,
    );
  }

  return {
    name: "lincoln",
    routeFor: (provider) =>
      provider === "lumo" || provider === "ardor" ? config.routes[provider] : undefined,
    paymentUrl,

    // Not retried: a repeat would create a second order (the document offers no idempotency key).
    async createOrder(input) {
      const { data, status } = await http.request({
        operation: "createOrder",
        method: "POST",
        path: config.paths.create,
        form: lincolnCreateForm(config, input, options),
        schema: lincolnAnswerSchema,
        secrets: [input.ipnSecret],
        secretResponse: true,
      });
      const order = orderOf("createOrder", data, status, [input.ipnSecret]);
      if (order.secret === undefined) {
        throw new ProviderError(
          { provider: "lincoln", kind: "bad_response", operation: "createOrder", status },
          "no order secret in the answer",
        );
      }
      return toOrder(order, order.secret, input.lang);
    },

    getOrder,

    async markPaid(uid, secret, lang = "ru") {
      const { data, status } = await http.request({
        operation: "markPaid",
        method: "POST",
        path: config.paths.paid,
        form: { orderUID: uid, orderSecret: secret },
        schema: lincolnAcknowledgementSchema,
        secrets: [secret],
      });
      if (!data.ok) throw refusal("markPaid", data.error, status, [secret]);
      if ("order" in data) return checkedOrder("markPaid", toOrder(data.order, secret, lang), uid);
      // The convention promises an acknowledgement, not the order: read it.
      return getOrder(uid, secret, lang);
    },

    readIpn: (rawBody) => readLincolnIpn(rawBody),
    verifyIpn: (rawBody, ipnSecret) => verifyLincolnIpn(rawBody, ipnSecret),
  };
}
