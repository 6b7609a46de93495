import type { ProviderDeps } from "../deps.js";
import { createHttpClient, fillPath } from "../http.js";
import { expireStaleQuote } from "../status.js";
import type { Payment, Provider, ProviderErrorKind, Quote } from "../types.js";
import type { LumoConfig } from "./descriptor.js";
import {
  LUMO_STATUSES,
  type LumoOrder,
  lumoBalanceSchema,
  lumoOrderSchema,
  lumoQuoteSchema,
  readLumoError,
} from "./schemas.js";
import { verifyLumoWebhook } from "./webhook.js";

/** Every path the client calls, in one place. The document gives all of them. */
export const LUMO_PATHS = {
  balance: "/wallets/balance",
  prepare: "/orders/prepare",
  accept: "/orders/accept/{id}",
  order: "/orders/{id}",
};
export type LumoPaths = typeof LUMO_PATHS;

/**
 * Lumo's error codes are not documented; these are the ones our simulator sends and the obvious
 * spellings of the same. Unknown codes fall back on the HTTP status.
 */
export const LUMO_ERROR_KINDS: Readonly<Record<string, ProviderErrorKind>> = {
  invalid_api_key: "unauthorized",
  insufficient_balance: "insufficient_funds",
  insufficient_funds: "insufficient_funds",
  quote_expired: "quote_expired",
  order_expired: "quote_expired",
  invalid_qr_code: "invalid_qr",
  invalid_qr: "invalid_qr",
  order_not_found: "not_found",
  idempotency_conflict: "conflict",
  idempotency_key_reused: "conflict",
};

/** Lumo's deposit address is the wallet address; the document says the balance is USDT (TRC-20). */
const LUMO_DEPOSIT_NETWORK = "TRON";

export interface LumoOptions {
  paths?: Partial<LumoPaths>;
}

export function createLumoProvider(
  config: LumoConfig,
  deps: ProviderDeps = {},
  options: LumoOptions = {},
): Provider {
  const paths = { ...LUMO_PATHS, ...options.paths };
  const clock = deps.clock ?? Date.now;
  const http = createHttpClient({
    provider: "lumo",
    baseUrl: config.apiUrl,
    headers: { "x-api-key": config.apiKey },
    readError: readLumoError,
    errorKinds: LUMO_ERROR_KINDS,
    secrets: [config.apiKey, config.webhookSecret, ...(deps.secrets ?? [])],
    logger: deps.logger,
    fetch: deps.fetch,
    tuning: deps.http,
  });

  const getBalance = async () =>
    (
      await http.request({
        operation: "balance",
        method: "GET",
        path: paths.balance,
        schema: lumoBalanceSchema,
      })
    ).data;

  const toPayment = (order: LumoOrder): Payment => ({
    provider: "lumo",
    providerId: order.id,
    reference: order.externalOrderId,
    status: expireStaleQuote(LUMO_STATUSES[order.status], order.expiresAt, clock()),
    providerStatus: order.status,
    amount: order.amountRub,
    total: order.amountRub,
    debit: order.amountUsdt,
    merchantName: order.merchantName,
    failureReason: order.failureReason,
    expiresAt: order.status === "created" ? order.expiresAt : (order.paymentUntil ?? order.expiresAt),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    completedAt: order.completedAt,
  });

  return {
    name: "lumo",
    capabilities: {
      depositAddress: true,
      deposits: false,
      ledger: false,
    },

    async getBalances() {
      const balance = await getBalance();
      return [
        { available: balance.usdtBalance, address: balance.address },
        { available: balance.trxBalance, address: balance.address },
      ];
    },

    async getDepositAddress() {
      const { address } = await getBalance();
      return { address, network: LUMO_DEPOSIT_NETWORK, asset: "USDT", balanceCurrency: "USDT" };
    },

    // Lumo documents no Idempotency-Key for prepare, so none is sent and the call is never retried:
    // a lost answer costs one unused quote, which expires on its own.
    async prepare({ qr, reference }): Promise<Quote> {
      const { data } = await http.request({
        operation: "prepare",
        method: "POST",
        path: paths.prepare,
        body: { qrCode: qr, externalOrderId: reference },
        schema: lumoQuoteSchema,
      });
      return {
        provider: "lumo",
        providerId: data.id,
        reference: data.externalOrderId ?? reference,
        merchantName: data.merchantName,
        amount: data.amountRub,
        total: data.amountRub,
        debit: data.amountUsdt,
        rate: data.rate,
        expiresAt: data.expiresAt,
        balanceSufficient: data.isBalanceSufficient,
      };
    },

    async confirm({ id, idempotencyKey }) {
      const { data } = await http.request({
        operation: "confirm",
        method: "POST",
        path: fillPath(paths.accept, { id }),
        idempotencyKey,
        schema: lumoOrderSchema,
      });
      return toPayment(data);
    },

    async getPayment(id) {
      const { data } = await http.request({
        operation: "payment",
        method: "GET",
        path: fillPath(paths.order, { id }),
        schema: lumoOrderSchema,
      });
      return toPayment(data);
    },

    verifyWebhook(rawBody, headers) {
      return verifyLumoWebhook(rawBody, headers, { secret: config.webhookSecret });
    },
  };
}
