import { z } from "zod";
import { httpUrl, optional, requireAll, secret } from "../../lib/env-schema.js";
import { defineProvider } from "../descriptor.js";
import { createMerchantProvider } from "./client.js";
import { MERCHANT_API_KEY_HEADER, MERCHANT_SIGNATURE_HEADER } from "./webhook.js";

export interface MerchantConfig {
  apiUrl: string;
  apiKey: string;
  /** Signs our requests and (our convention) its callbacks. */
  apiSecret: string;
}

/** Merchant REST API v1: a payment page for the customer, credited in USDT. On when `MERCHANT_API_KEY` is set. */
export const merchantDescriptor = defineProvider({
  name: "merchant",
  title: "Merchant API",
  role: "receive",
  webhook: {
    path: "/webhooks/merchant",
    secretHeaders: [MERCHANT_SIGNATURE_HEADER, MERCHANT_API_KEY_HEADER],
  },
  env: {
    MERCHANT_API_URL: optional(httpUrl("the merchant API")),
    MERCHANT_API_KEY: optional(z.string().trim().min(1)),
    MERCHANT_API_SECRET: optional(secret("the merchant API secret")),
  },
  secretVariables: ["MERCHANT_API_KEY", "MERCHANT_API_SECRET"],
  requirements: (env) =>
    env.MERCHANT_API_KEY?.trim()
      ? [
          ...requireAll(env, ["MERCHANT_API_URL"], "when MERCHANT_API_KEY is set"),
          ...requireAll(
            env,
            ["MERCHANT_API_SECRET"],
            "when MERCHANT_API_KEY is set (it signs every request)",
          ),
        ]
      : [],
  configure: (env): MerchantConfig | undefined =>
    env.MERCHANT_API_KEY && env.MERCHANT_API_URL && env.MERCHANT_API_SECRET
      ? { apiUrl: env.MERCHANT_API_URL, apiKey: env.MERCHANT_API_KEY, apiSecret: env.MERCHANT_API_SECRET }
      : undefined,
  create: (config, deps) => createMerchantProvider(config, deps),
});
