import type { Logger } from "../logger.js";
import { verifyInitData } from "../miniapp/init-data.js";
import type { MiniAppAssets, PageAsset } from "../miniapp/page.js";
import type { OnceStore } from "../store/types.js";
import type { UserLike } from "../team/actor.js";
import { errorBody } from "./errors.js";

/**
 * The Mini App scanner on the listener:
 *
 *   GET  /app/scan, /app/scan.js, /app/scan.css   the page (no company data in it)
 *   POST /app/scan   { initData, text }           a scanned code from a menu or inline launch
 *
 * A POST is taken only with an initData Telegram signed for this bot, not older than
 * MINIAPP_MAX_AGE_SECONDS, and never seen before: its hash is remembered for as long as it could
 * pass the age check, so the same initData cannot bring a second card (a replay). Forged, stale and
 * replayed launches all get the same 401 and nothing else; only then does the person count —
 * a stranger gets the access gate's refusal in their private chat, a viewer the viewer's.
 */

export interface MiniAppDeps {
  assets: MiniAppAssets;
  botToken: string;
  maxAgeSeconds: number;
  launches: OnceStore;
  /** The bot's answer to the verified person: the card's way started, or a refusal sent. */
  scan: (
    user: UserLike & { language_code?: string },
    text: string,
  ) => Promise<"scanning" | "stranger" | "viewer">;
  now?: () => number;
}

export type MiniAppReply = { status: number; body: unknown } | { status: 200; asset: PageAsset };

/** Telegram's sendData takes 4096 bytes; a POSTed code gets the same room. */
const MAX_TEXT_BYTES = 4096;
export const MINIAPP_BODY_LIMIT = 16 * 1024;

const unauthorized = { status: 401, body: errorBody("unauthorized", "Open the scanner again from the chat") };

export function miniAppRoutes(deps: MiniAppDeps) {
  const now = deps.now ?? Date.now;
  return {
    /** The page's files: "" is the page, "scan.js" and "scan.css" its parts. */
    asset: (name: string): PageAsset | undefined => deps.assets.get(name),

    async scan(rawBody: Buffer, log: Logger): Promise<MiniAppReply> {
      let input: unknown;
      try {
        input = JSON.parse(rawBody.toString("utf8"));
      } catch {
        return { status: 400, body: errorBody("bad_request", "Body is not JSON") };
      }
      const { initData, text } = (typeof input === "object" && input !== null ? input : {}) as Record<
        string,
        unknown
      >;
      if (typeof text !== "string" || text.trim() === "" || Buffer.byteLength(text) > MAX_TEXT_BYTES)
        return { status: 400, body: errorBody("bad_request", "text: the scanned code, 1..4096 bytes") };

      const check = verifyInitData(initData, {
        botToken: deps.botToken,
        maxAgeSeconds: deps.maxAgeSeconds,
        now,
      });
      if (!check.ok) {
        log.warn({ reason: check.reason }, "Mini App launch refused");
        return unauthorized;
      }
      const { launch } = check;
      // Remembered while it could still pass the age check, and a minute more.
      const keepMs = (launch.authDate + deps.maxAgeSeconds + 60) * 1000 - now();
      if (!(await deps.launches.claim(launch.hash, Math.max(keepMs, 1000)))) {
        log.warn({ userId: launch.user.id, reason: "replayed" }, "Mini App launch refused");
        return unauthorized;
      }
      const result = await deps.scan(launch.user, text.trim());
      log.info({ userId: launch.user.id, result }, "Mini App scan");
      return result === "scanning"
        ? { status: 202, body: { result } }
        : { status: 403, body: { result, ...errorBody("forbidden", "The bot answered in the chat") } };
    },
  };
}

export type MiniAppRoutes = ReturnType<typeof miniAppRoutes>;
