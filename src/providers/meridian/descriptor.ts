import { z } from "zod";
import { httpUrl, optional, requireAll } from "../../lib/env-schema.js";
import { defineProvider } from "../descriptor.js";
import type { InvoiceMethod } from "../receive.js";
import { createMeridianProvider } from "./client.js";
import { MERIDIAN_BANKS, MERIDIAN_METHOD_NAMES, MERIDIAN_METHODS, type MeridianMethod } from "./schemas.js";
import { MERIDIAN_NOTIFICATION } from "./webhook.js";

export interface MeridianConfig {
  apiUrl: string;
  /** `keyId:secret`, sent whole as X-API-Key; the secret part signs requests. */
  apiKey: string;
  /** Sent with every invoice; signs its notifications. */
  notificationToken: string;
  /** Offered in this order. */
  methods: InvoiceMethod[];
  /** `paymentOption` values the person may choose. */
  banks: string[];
}

/** "A, b ,a" → ["A", "b"]: a comma-separated list, blanks dropped, each value once. */
function commaList(what: string, valid: (item: string) => boolean) {
  return z.string().transform((value, ctx) => {
    const items = [
      ...new Set(
        value
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    const wrong = items.find((item) => !valid(item));
    if (items.length === 0 || wrong !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `${wrong === undefined ? "" : `"${wrong.slice(0, 20)}" is not allowed: `}must be a comma-separated list of ${what}`,
      });
      return z.NEVER;
    }
    return items;
  });
}

const methodList = commaList(MERIDIAN_METHOD_NAMES.join(" and "), (item) =>
  (MERIDIAN_METHOD_NAMES as readonly string[]).includes(item),
).transform((names) => names.map((name) => MERIDIAN_METHODS[name as MeridianMethod]));

const bankList = commaList("bank codes such as sberbank, tinkoff", (item) => /^[a-z0-9_-]{1,64}$/.test(item));

/** Meridian: invoices paid by the customer to a trader's card or SBP phone. On when `MERIDIAN_API_KEY` is set. */
export const meridianDescriptor = defineProvider({
  name: "meridian",
  title: "Meridian",
  role: "receive",
  webhook: { path: "/webhooks/meridian", secretHeaders: [MERIDIAN_NOTIFICATION.signatureHeader] },
  env: {
    MERIDIAN_API_URL: optional(httpUrl("the Meridian API")).default("https://api.meridian.vip"),
    MERIDIAN_API_KEY: optional(
      z
        .string()
        .trim()
        .regex(/^[^:\s]+:[^:\s]+$/, "must be a Meridian API key: keyId:secret"),
    ),
    MERIDIAN_NOTIFICATION_TOKEN: optional(
      z
        .string()
        .min(32, "must be 32..255 characters (the Meridian notification token)")
        .max(255, "must be 32..255 characters (the Meridian notification token)"),
    ),
    MERIDIAN_PAYMENT_METHODS: optional(methodList).default(["sbp", "card"]),
    MERIDIAN_BANKS: optional(bankList).default([...MERIDIAN_BANKS]),
  },
  secretVariables: ["MERIDIAN_API_KEY", "MERIDIAN_NOTIFICATION_TOKEN"],
  requirements: (env) =>
    env.MERIDIAN_API_KEY?.trim()
      ? requireAll(
          env,
          ["MERIDIAN_NOTIFICATION_TOKEN"],
          "when MERIDIAN_API_KEY is set (it signs the notifications)",
        )
      : [],
  configure: (env): MeridianConfig | undefined =>
    env.MERIDIAN_API_KEY && env.MERIDIAN_NOTIFICATION_TOKEN
      ? {
          apiUrl: env.MERIDIAN_API_URL,
          apiKey: env.MERIDIAN_API_KEY,
          notificationToken: env.MERIDIAN_NOTIFICATION_TOKEN,
          methods: env.MERIDIAN_PAYMENT_METHODS,
          banks: env.MERIDIAN_BANKS,
        }
      : undefined,
  create: (config, deps) => createMeridianProvider(config, deps),
});
