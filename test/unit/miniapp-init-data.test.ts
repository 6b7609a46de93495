import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyInitData } from "../../src/miniapp/init-data.js";

const TOKEN = "123456789:AAFakeTokenForTests_abcdefghijklmnop";
const OTHER_TOKEN = "987654321:AAAnotherBotsTokenForTests_qrstuvwx";
const NOW_MS = 1_800_000_000_000;
const now = () => NOW_MS;
const options = { botToken: TOKEN, maxAgeSeconds: 3600, now };

/**
 * An independent signer, written from Telegram's documentation rather than shared with the code
 * under test: data-check-string = every field but `hash`, sorted, `key=value` joined by "\n";
 * secret = HMAC_SHA256(key "WebAppData", message bot token); hash = hex HMAC_SHA256(secret, string).
 */
function sign(fields: Record<string, string>, token = TOKEN): string {
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join("\n");
  const secret = createHmac("sha256", "WebAppData").update(token).digest();
  const hash = createHmac("sha256", secret).update(check).digest("hex");
  return new URLSearchParams({ ...fields, hash }).toString();
}

const user = { id: 42, first_name: "Анна", last_name: "Соколова", username: "anna", language_code: "ru" };
const fields = (over: Record<string, string> = {}) => ({
  query_id: "AAHdF6IQAAAAAN0XohDhrOrc",
  user: JSON.stringify(user),
  auth_date: String(NOW_MS / 1000 - 60),
  signature: "c2lnbmF0dXJlLW9mLXRlbGVncmFt",
  ...over,
});

describe("Mini App initData", () => {
  it("accepts Telegram's signature and hands out the user, the date and the hash", () => {
    const check = verifyInitData(sign(fields()), options);
    expect(check).toEqual({
      ok: true,
      launch: { user, authDate: NOW_MS / 1000 - 60, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it("refuses a wrong hash, a changed field and another bot's signature", () => {
    const good = new URLSearchParams(sign(fields()));
    const wrongHash = new URLSearchParams(good);
    wrongHash.set("hash", "0".repeat(64));
    expect(verifyInitData(wrongHash.toString(), options)).toEqual({ ok: false, reason: "bad_signature" });

    const otherUser = new URLSearchParams(good);
    otherUser.set("user", JSON.stringify({ ...user, id: 43 }));
    expect(verifyInitData(otherUser.toString(), options)).toEqual({ ok: false, reason: "bad_signature" });

    expect(verifyInitData(sign(fields(), OTHER_TOKEN), options)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses an auth_date older than the limit, or far in the future", () => {
    const stale = sign(fields({ auth_date: String(NOW_MS / 1000 - 3601) }));
    expect(verifyInitData(stale, options)).toEqual({ ok: false, reason: "stale" });
    const edge = sign(fields({ auth_date: String(NOW_MS / 1000 - 3600) }));
    expect(verifyInitData(edge, options).ok).toBe(true);
    const future = sign(fields({ auth_date: String(NOW_MS / 1000 + 600) }));
    expect(verifyInitData(future, options)).toEqual({ ok: false, reason: "stale" });
  });

  it("refuses missing fields: hash, auth_date, user, or a user without id", () => {
    const { user: _user, ...withoutUser } = fields();
    const { auth_date: _date, ...withoutDate } = fields();
    const noHash = new URLSearchParams(fields()).toString();
    expect(verifyInitData(noHash, options)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyInitData(sign(withoutDate), options)).toEqual({ ok: false, reason: "malformed" });
    // A keyboard button's launch carries no user: it may only sendData, never POST.
    expect(verifyInitData(sign(withoutUser), options)).toEqual({ ok: false, reason: "no_user" });
    const anonymous = sign(fields({ user: JSON.stringify({ first_name: "X" }) }));
    expect(verifyInitData(anonymous, options)).toEqual({ ok: false, reason: "no_user" });
    const notJson = sign(fields({ user: "{oops" }));
    expect(verifyInitData(notJson, options)).toEqual({ ok: false, reason: "no_user" });
  });

  it("refuses what is not an initData at all", () => {
    for (const value of [undefined, 42, "", "hash=zz", "x".repeat(5000), { hash: "a" }]) {
      expect(verifyInitData(value, options)).toEqual({ ok: false, reason: "malformed" });
    }
    // A field twice: one reader could take the first, another the last.
    const twice = `${sign(fields())}&user=${encodeURIComponent(JSON.stringify({ ...user, id: 7 }))}`;
    expect(verifyInitData(twice, options)).toEqual({ ok: false, reason: "malformed" });
  });
});
