import { z } from "zod";
import { parseRublesInput } from "../money.js";

/**
 * zod pieces for environment variables, shared by `config.ts` and every provider's descriptor (each
 * provider declares its own variables with them).
 */

/** An empty variable (`FOO=` in .env or compose) means "not set", so defaults still apply. */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

export const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), `must be an http(s) URL to ${what}`)
    .transform((v) => v.replace(/\/+$/, ""));

export const port = z.coerce
  .number({ error: "must be a port number" })
  .int("must be a whole number")
  .min(0, "must be 0..65535")
  .max(65535, "must be 0..65535");

export const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .positive(`must be ${what}`);

/** Rubles as people write them ("10000", "10 000,50") → kopecks. */
export const rubles = (what: string) =>
  z.string().transform((v, ctx) => {
    const minor = parseRublesInput(v);
    if (minor === null) {
      ctx.addIssue({ code: "custom", message: `must be an amount in rubles (${what}), e.g. 10000` });
      return z.NEVER;
    }
    return minor;
  });

export const secret = (what: string, min = 8) =>
  z.string().min(min, `must be at least ${min} characters (${what})`);

/** The raw environment, for rules between variables. */
export type RawEnv = Record<string, string | undefined>;

/** Whether a variable is set to something other than blanks. */
export const isSet = (env: RawEnv, name: string) => (env[name] ?? "").trim() !== "";

/** "X is required when …" for every variable of `names` that is not set. */
export function requireAll(env: RawEnv, names: readonly string[], why: string): string[] {
  return names.filter((name) => !isSet(env, name)).map((name) => `${name} is required ${why}`);
}
