import { z } from "zod";
import { httpUrl, optional, requireAll, secret } from "../../lib/env-schema.js";
import { defineProvider, type KeyedProviderConfig } from "../descriptor.js";
import { createLumoProvider } from "./client.js";
import { LUMO_SIGNATURE_HEADER } from "./webhook.js";

export type LumoConfig = KeyedProviderConfig;

/** Lumo B2B: pays SBP codes from a USDT balance. On when `LUMO_API_KEY` is set. */
export const lumoDescriptor = defineProvider({
  name: "lumo",
  title: "Lumo",
  role: "spend",
  webhook: { path: "/webhooks/lumo", secretHeaders: [LUMO_SIGNATURE_HEADER] },
  env: {
    LUMO_API_URL: optional(httpUrl("the Lumo B2B API")).default("https://b2b.lumowallet.io"),
    LUMO_API_KEY: optional(z.string().trim().min(1)),
    LUMO_WEBHOOK_SECRET: optional(secret("the Lumo webhook signing secret")),
  },
  secretVariables: ["LUMO_API_KEY", "LUMO_WEBHOOK_SECRET"],
  requirements: (env) =>
    env.LUMO_API_KEY?.trim()
      ? requireAll(env, ["LUMO_WEBHOOK_SECRET"], "when LUMO_API_KEY is set (webhooks must be verified)")
      : [],
  configure: (env): LumoConfig | undefined =>
    env.LUMO_API_KEY && env.LUMO_WEBHOOK_SECRET
      ? { apiUrl: env.LUMO_API_URL, apiKey: env.LUMO_API_KEY, webhookSecret: env.LUMO_WEBHOOK_SECRET }
      : undefined,
  create: (config, deps) => createLumoProvider(config, deps),
});
