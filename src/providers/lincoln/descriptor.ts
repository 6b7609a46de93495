import { z } from "zod";
import { httpUrl, isSet, optional, type RawEnv, requireAll } from "../../lib/env-schema.js";
import { defineProvider } from "../descriptor.js";
import { createLincolnExchanger, LINCOLN_PATHS, type LincolnPaths } from "./client.js";

export interface LincolnConfig {
  /** The API root; the paths are appended to it. */
  apiUrl: string;
  partner: string;
  /** Sent in {@link authHeader} when set (the document leaves authorisation to the personal cabinet). */
  apiKey: string | undefined;
  authHeader: string;
  /** Each spend provider's route (RUB → USDT on its deposit network). */
  routes: { lumo?: string; ardor?: string };
  paymentPageUrl: string;
  /** `toValues[0][key]`: the name of the field that carries the deposit address. */
  toValuesKey: string;
  paths: LincolnPaths;
}

/** A MongoDB ObjectId, as the document types `routeId`. */
const routeId = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{24}$/i, "must be a Lincoln route id (an ObjectId: 24 hex digits)");

const apiPath = (fallback: string) =>
  optional(
    z
      .string()
      .trim()
      .regex(/^\/[A-Za-z0-9/_.-]*$/, "must be a path starting with / (no query)"),
  ).default(fallback);

const SWITCHES = [
  "LINCOLN_API_URL",
  "LINCOLN_PARTNER",
  "LINCOLN_API_KEY",
  "LINCOLN_ROUTE_LUMO",
  "LINCOLN_ROUTE_ARDOR",
] as const;

function requirements(env: RawEnv): string[] {
  const given = SWITCHES.filter((name) => isSet(env, name));
  if (given.length === 0) return [];
  const why = `when ${given[0]} is set (the Lincoln exchanger)`;
  const problems = requireAll(env, ["LINCOLN_API_URL", "LINCOLN_PARTNER"], why);
  if (!isSet(env, "LINCOLN_ROUTE_LUMO") && !isSet(env, "LINCOLN_ROUTE_ARDOR")) {
    problems.push(`LINCOLN_ROUTE_LUMO or LINCOLN_ROUTE_ARDOR is required ${why}`);
  }
  return problems;
}

/**
 * Lincoln: turns the company's rubles into USDT sent to a spend provider's deposit address. On when
 * `LINCOLN_API_URL`, `LINCOLN_PARTNER` and at least one route are set.
 */
export const lincolnDescriptor = defineProvider({
  name: "lincoln",
  title: "Lincoln",
  role: "exchange",
  // The IPN's hash is in its body: no header carries a secret.
  webhook: { path: "/webhooks/lincoln", secretHeaders: [] },
  env: {
    LINCOLN_API_URL: optional(httpUrl("the Lincoln exchanger API")),
    LINCOLN_PARTNER: optional(z.string().trim().min(1).max(200)),
    LINCOLN_API_KEY: optional(z.string().trim().min(1)),
    LINCOLN_AUTH_HEADER: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9-]{1,64}$/, "must be an HTTP header name"),
    ).default("x-api-key"),
    LINCOLN_ROUTE_LUMO: optional(routeId),
    LINCOLN_ROUTE_ARDOR: optional(routeId),
    LINCOLN_PAYMENT_PAGE_URL: optional(httpUrl("Lincoln's payment pages")).default(
      "https://www.lincoln.money",
    ),
    LINCOLN_TO_VALUES_KEY: optional(z.string().trim().min(1).max(100)).default("wallet"),
    LINCOLN_CREATE_PATH: apiPath(LINCOLN_PATHS.create),
    LINCOLN_GET_PATH: apiPath(LINCOLN_PATHS.get),
    LINCOLN_PAID_PATH: apiPath(LINCOLN_PATHS.paid),
  },
  secretVariables: ["LINCOLN_API_KEY"],
  requirements,
  configure: (env): LincolnConfig | undefined => {
    const routes = {
      ...(env.LINCOLN_ROUTE_LUMO && { lumo: env.LINCOLN_ROUTE_LUMO }),
      ...(env.LINCOLN_ROUTE_ARDOR && { ardor: env.LINCOLN_ROUTE_ARDOR }),
    };
    if (!env.LINCOLN_API_URL || !env.LINCOLN_PARTNER || Object.keys(routes).length === 0) return undefined;
    return {
      apiUrl: env.LINCOLN_API_URL,
      partner: env.LINCOLN_PARTNER,
      apiKey: env.LINCOLN_API_KEY,
      authHeader: env.LINCOLN_AUTH_HEADER,
      routes,
      paymentPageUrl: env.LINCOLN_PAYMENT_PAGE_URL,
      toValuesKey: env.LINCOLN_TO_VALUES_KEY,
      paths: { create: env.LINCOLN_CREATE_PATH, get: env.LINCOLN_GET_PATH, paid: env.LINCOLN_PAID_PATH },
    };
  },
  create: (config, deps) => createLincolnExchanger(config, deps),
});
