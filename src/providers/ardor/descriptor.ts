import { z } from "zod";
import { httpUrl, optional, requireAll, secret } from "../../lib/env-schema.js";
import { defineProvider, type KeyedProviderConfig } from "../descriptor.js";
import { createArdorProvider } from "./client.js";
import { ARDOR_SIGNATURE_HEADER } from "./webhook.js";

export type ArdorConfig = KeyedProviderConfig;

/** ArdorQR: pays SBP and GOST codes from a ruble balance. On when `ARDOR_API_KEY` is set. */
export const ardorDescriptor = defineProvider({
  name: "ardor",
  title: "ArdorQR",
  role: "spend",
  webhook: { path: "/webhooks/ardor", secretHeaders: [ARDOR_SIGNATURE_HEADER] },
  env: {
    ARDOR_API_URL: optional(httpUrl("the ArdorQR API")),
    ARDOR_API_KEY: optional(
      z
        .string()
        .trim()
        .regex(/^sk_(live|test)_[A-Za-z0-9_]+$/, "must be an ArdorQR key: sk_live_… or sk_test_…"),
    ),
    ARDOR_WEBHOOK_SECRET: optional(secret("the ArdorQR webhook signing secret")),
  },
  secretVariables: ["ARDOR_API_KEY", "ARDOR_WEBHOOK_SECRET"],
  requirements: (env) =>
    env.ARDOR_API_KEY?.trim()
      ? [
          ...requireAll(env, ["ARDOR_API_URL"], "when ARDOR_API_KEY is set"),
          ...requireAll(
            env,
            ["ARDOR_WEBHOOK_SECRET"],
            "when ARDOR_API_KEY is set (webhooks must be verified)",
          ),
        ]
      : [],
  configure: (env): ArdorConfig | undefined =>
    env.ARDOR_API_KEY && env.ARDOR_API_URL && env.ARDOR_WEBHOOK_SECRET
      ? { apiUrl: env.ARDOR_API_URL, apiKey: env.ARDOR_API_KEY, webhookSecret: env.ARDOR_WEBHOOK_SECRET }
      : undefined,
  create: (config, deps) => createArdorProvider(config, deps),
});
