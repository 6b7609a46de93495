import { validateWebAppData } from "@grammyjs/validator";
import type { UserLike } from "../team/actor.js";

/**
 * A Mini App launch's `initData`, checked as Telegram documents it: the query string's fields,
 * sorted, are signed with HMAC-SHA256 under the key HMAC_SHA256("WebAppData", bot token) — the
 * check itself is @grammyjs/validator's — and `auth_date` says when Telegram signed it. Only a
 * launch that carries the user (inline and menu buttons do; keyboard buttons do not) is accepted.
 */

/** Why an initData was refused. The listener answers every one with the same 401. */
export type InitDataRefusal = "malformed" | "bad_signature" | "stale" | "no_user";

export interface VerifiedLaunch {
  user: UserLike & { language_code?: string };
  /** Unix seconds, as Telegram signed it. */
  authDate: number;
  /** The signature (64 hex digits): the launch's identity, remembered to refuse a replay. */
  hash: string;
}

export type InitDataCheck = { ok: true; launch: VerifiedLaunch } | { ok: false; reason: InitDataRefusal };

export interface InitDataOptions {
  botToken: string;
  maxAgeSeconds: number;
  /** ms since epoch. */
  now?: () => number;
}

/** Telegram's initData is a few hundred bytes; anything much longer is not one. */
const MAX_LENGTH = 4096;
/** A phone's clock may run a little ahead of Telegram's: this much of the future is tolerated. */
const FUTURE_SKEW_SECONDS = 60;

const refuse = (reason: InitDataRefusal): InitDataCheck => ({ ok: false, reason });

export function verifyInitData(initData: unknown, options: InitDataOptions): InitDataCheck {
  if (typeof initData !== "string" || initData === "" || initData.length > MAX_LENGTH)
    return refuse("malformed");
  const params = new URLSearchParams(initData);
  const keys = [...params.keys()];
  // Telegram sends each field once; a repeated one would be read differently by different code.
  if (new Set(keys).size !== keys.length) return refuse("malformed");
  const hash = params.get("hash");
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return refuse("malformed");
  if (!validateWebAppData(options.botToken, params)) return refuse("bad_signature");

  const authDate = params.get("auth_date");
  if (!authDate || !/^\d{1,12}$/.test(authDate)) return refuse("malformed");
  const nowSeconds = (options.now ?? Date.now)() / 1000;
  const age = nowSeconds - Number(authDate);
  if (age > options.maxAgeSeconds || age < -FUTURE_SKEW_SECONDS) return refuse("stale");

  const user = parseUser(params.get("user"));
  if (!user) return refuse("no_user");
  return { ok: true, launch: { user, authDate: Number(authDate), hash } };
}

function parseUser(raw: string | null): VerifiedLaunch["user"] | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const u = value as Record<string, unknown>;
  if (typeof u.id !== "number" || !Number.isSafeInteger(u.id) || u.id <= 0) return undefined;
  if (typeof u.first_name !== "string") return undefined;
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const lastName = text(u.last_name);
  const username = text(u.username);
  const language = text(u.language_code);
  return {
    id: u.id,
    first_name: u.first_name,
    ...(lastName ? { last_name: lastName } : {}),
    ...(username ? { username } : {}),
    ...(language ? { language_code: language } : {}),
  };
}
