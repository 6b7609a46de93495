import { z } from "zod";

/** Where the playground's web chat listens, when the playground is what `npm start` runs. */
export interface PlaygroundSettings {
  host: string;
  port: number;
}

const flag = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
  z.enum(["", "0", "1", "false", "true", "no", "yes"], { error: "must be 1 or 0" }).optional(),
);

const schema = z.object({
  BOT_TOKEN: z.string().optional(),
  PLAYGROUND: flag,
  PLAYGROUND_HOST: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().default("127.0.0.1"),
  ),
  PLAYGROUND_PORT: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce
      .number({ error: "must be a port number" })
      .int("must be a port number")
      .min(0, "must be 0..65535")
      .max(65535, "must be 0..65535")
      .default(3000),
  ),
});

export class PlaygroundSettingsError extends Error {
  override name = "PlaygroundSettingsError";
}

/**
 * The playground runs when asked for (PLAYGROUND=1) or when there is no bot token to run the real
 * bot with. Returns undefined when the production bot should start. PLAYGROUND=0 with no token
 * leaves the decision to the production path, which then says the token is missing.
 */
export function playgroundSettings(env: Record<string, string | undefined>): PlaygroundSettings | undefined {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".")} ${i.message}`);
    throw new PlaygroundSettingsError(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const { BOT_TOKEN, PLAYGROUND, PLAYGROUND_HOST, PLAYGROUND_PORT } = parsed.data;
  const asked = PLAYGROUND === "1" || PLAYGROUND === "true" || PLAYGROUND === "yes";
  const refused = PLAYGROUND === "0" || PLAYGROUND === "false" || PLAYGROUND === "no";
  const noToken = (BOT_TOKEN ?? "").trim() === "";
  if (!asked && (refused || !noToken)) return undefined;
  return { host: PLAYGROUND_HOST, port: PLAYGROUND_PORT };
}
