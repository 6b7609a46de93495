import type { ProviderDeps } from "../deps.js";
import { createHttpClient, fillPath } from "../http.js";
import { expireStaleQuote } from "../status.js";
import {
  type Provider,
  ProviderError,
  type ProviderErrorKind,
  type ProviderMode,
  type Quote,
} from "../types.js";
import type { ArdorConfig } from "./descriptor.js";
import {
  ardorBalanceSchema,
  ardorDepositAddressSchema,
  ardorDepositListSchema,
  ardorLedgerSchema,
  ardorPaymentSchema,
  merchantAmount,
  readArdorError,
  toDeposit,
  toPayment,
} from "./schemas.js";
import { verifyArdorWebhook } from "./webhook.js";

/**
 * Every path the client calls, in one place. The first four are documented; the document describes
 * the others without paths, so these are conventional REST guesses (see docs/providers.md).
 */
export const ARDOR_PATHS = {
  payments: "/v1/payments",
  confirm: "/v1/payments/{id}/confirm",
  payment: "/v1/payments/{id}",
  depositAddress: "/v1/deposit-address",
  deposits: "/v1/deposits",
  balance: "/v1/wallet/balance",
  ledger: "/v1/wallet/ledger",
};
export type ArdorPaths = typeof ARDOR_PATHS;

/** `insufficient_funds` is documented; the other codes are our simulator's, in the same style. */
export const ARDOR_ERROR_KINDS: Readonly<Record<string, ProviderErrorKind>> = {
  unauthorized: "unauthorized",
  invalid_api_key: "unauthorized",
  insufficient_funds: "insufficient_funds",
  payment_expired: "quote_expired",
  invalid_qr: "invalid_qr",
  unsupported_qr: "invalid_qr",
  not_found: "not_found",
  idempotency_conflict: "conflict",
  idempotency_key_reused: "conflict",
  rate_limited: "rate_limited",
};

/** `sk_live_…` moves real money, `sk_test_…` does not. */
export function ardorMode(apiKey: string): ProviderMode {
  return apiKey.startsWith("sk_test_") ? "test" : "live";
}

export interface ArdorOptions {
  paths?: Partial<ArdorPaths>;
  webhookToleranceSeconds?: number;
}

/** The document's bounds for `limit` (1..100, default 20). */
const DEFAULT_LIMIT = 20;

function limitParam(limit: number | undefined): number {
  const value = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > 100) throw new RangeError("limit must be 1..100");
  return value;
}

export function createArdorProvider(
  config: ArdorConfig,
  deps: ProviderDeps = {},
  options: ArdorOptions = {},
): Provider {
  const paths = { ...ARDOR_PATHS, ...options.paths };
  const clock = deps.clock ?? Date.now;
  const http = createHttpClient({
    provider: "ardor",
    baseUrl: config.apiUrl,
    headers: { authorization: `Bearer ${config.apiKey}` },
    readError: readArdorError,
    errorKinds: ARDOR_ERROR_KINDS,
    secrets: [config.apiKey, config.webhookSecret, ...(deps.secrets ?? [])],
    logger: deps.logger,
    fetch: deps.fetch,
    tuning: deps.http,
  });

  return {
    name: "ardor",
    mode: ardorMode(config.apiKey),
    capabilities: {
      depositAddress: true,
      deposits: true,
      ledger: true,
    },

    async getBalances() {
      const { data } = await http.request({
        operation: "balance",
        method: "GET",
        path: paths.balance,
        schema: ardorBalanceSchema,
      });
      return [{ available: data.balanceMinor }];
    },

    async prepare({ qr, reference, idempotencyKey }): Promise<Quote> {
      const { data } = await http.request({
        operation: "prepare",
        method: "POST",
        path: paths.payments,
        body: { qr, reference },
        idempotencyKey,
        schema: ardorPaymentSchema,
      });
      if (data.expiresAt === undefined) {
        throw new ProviderError(
          { provider: "ardor", kind: "bad_response", operation: "prepare" },
          "no expiresAt",
        );
      }
      return {
        provider: "ardor",
        providerId: data.id,
        reference: data.reference ?? reference,
        merchantName: data.merchantName,
        merchantBank: data.merchantBank,
        amount: merchantAmount(data),
        fee: data.feeMinor,
        total: data.totalMinor,
        debit: data.totalMinor,
        expiresAt: data.expiresAt,
      };
    },

    async confirm({ id, idempotencyKey }) {
      const { data, headers } = await http.request({
        operation: "confirm",
        method: "POST",
        path: fillPath(paths.confirm, { id }),
        idempotencyKey,
        schema: ardorPaymentSchema,
      });
      if (headers.get("idempotency-replayed") === "true") {
        deps.logger?.debug(
          { provider: "ardor", providerId: id },
          "confirm answered from the idempotency store",
        );
      }
      return toPayment(data);
    },

    async getPayment(id) {
      const { data } = await http.request({
        operation: "payment",
        method: "GET",
        path: fillPath(paths.payment, { id }),
        schema: ardorPaymentSchema,
      });
      const payment = toPayment(data);
      return { ...payment, status: expireStaleQuote(payment.status, payment.expiresAt, clock()) };
    },

    verifyWebhook(rawBody, headers) {
      return verifyArdorWebhook(rawBody, headers, {
        secret: config.webhookSecret,
        toleranceSeconds: options.webhookToleranceSeconds,
        clock,
      });
    },

    async getDepositAddress() {
      const { data } = await http.request({
        operation: "depositAddress",
        method: "GET",
        path: paths.depositAddress,
        schema: ardorDepositAddressSchema,
      });
      // The wallet holds rubles: a deposit is converted at the provider's rate.
      return { ...data, balanceCurrency: "RUB" };
    },

    async listDeposits(opts = {}) {
      const { data } = await http.request({
        operation: "deposits",
        method: "GET",
        path: paths.deposits,
        query: { limit: limitParam(opts.limit) },
        schema: ardorDepositListSchema,
      });
      return data.deposits.map((d) => toDeposit(d));
    },

    async getLedger(opts = {}) {
      const limit = limitParam(opts.limit);
      const { data } = await http.request({
        operation: "ledger",
        method: "GET",
        path: paths.ledger,
        query: { limit, before: opts.before?.toISOString() },
        schema: ardorLedgerSchema,
      });
      const entries = data.operations.map(({ amountMinor, balanceAfterMinor, ...rest }) => ({
        ...rest,
        amount: amountMinor,
        balanceAfter: balanceAfterMinor,
      }));
      // A full page may have more behind it; the cursor is the oldest time seen.
      const nextBefore = entries.length === limit ? entries.at(-1)?.createdAt : undefined;
      return { entries, nextBefore };
    },
  };
}
