import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.js";

const TOKEN = "123456789:AAFakeTokenForTests_abcdefghijklmnop";
const base = { BOT_TOKEN: TOKEN };

function problems(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const config = parseConfig(base);
    expect(config.bot).toMatchObject({ apiRoot: "https://api.telegram.org", mode: "polling" });
    expect(config.http).toMatchObject({ host: "0.0.0.0", port: 8080 });
    expect(config.redis).toEqual({ url: "redis://127.0.0.1:6379", prefix: "qrpay" });
    expect(config.providers).toEqual({ default: undefined, lumo: undefined, ardor: undefined });
    expect(config.adminIds).toEqual([]);
    expect(config.log).toEqual({ level: "info", format: "json" });
  });

  it("treats empty variables as unset", () => {
    const config = parseConfig({ ...base, HTTP_PORT: "", REDIS_PREFIX: " ", LOG_LEVEL: "" });
    expect(config.http.port).toBe(8080);
    expect(config.redis.prefix).toBe("qrpay");
  });

  it("reads providers, admins and webhook mode", () => {
    const config = parseConfig({
      ...base,
      BOT_MODE: "webhook",
      PUBLIC_URL: "https://bot.example.com/",
      TELEGRAM_WEBHOOK_SECRET: "s3cret-token-0123456789",
      ADMIN_IDS: "42, 7,42",
      LUMO_API_KEY: "lumo-key",
      LUMO_WEBHOOK_SECRET: "lumo-webhook-secret",
      ARDOR_API_URL: "https://api.ardorqr.example",
      ARDOR_API_KEY: "sk_test_abc123",
      ARDOR_WEBHOOK_SECRET: "ardor-webhook-secret",
      DEFAULT_PROVIDER: "ardor",
    });
    expect(config.bot.publicUrl).toBe("https://bot.example.com");
    expect(config.adminIds).toEqual([42, 7]);
    expect(config.providers.default).toBe("ardor");
    expect(config.providers.lumo?.apiUrl).toBe("https://b2b.lumowallet.io");
    expect(config.secrets).toEqual(
      expect.arrayContaining([
        TOKEN,
        "s3cret-token-0123456789",
        "lumo-key",
        "sk_test_abc123",
        "ardor-webhook-secret",
      ]),
    );
  });

  it("puts the Mini App scanner at PUBLIC_URL/app/scan, in polling mode too", () => {
    expect(parseConfig(base).miniApp).toEqual({ url: undefined, maxAgeSeconds: 3600 });
    const config = parseConfig({
      ...base,
      PUBLIC_URL: "https://bot.example.com/qr/",
      MINIAPP_MAX_AGE_SECONDS: "600",
    });
    expect(config.bot.mode).toBe("polling");
    expect(config.miniApp).toEqual({ url: "https://bot.example.com/qr/app/scan", maxAgeSeconds: 600 });
    expect(problems({ ...base, MINIAPP_MAX_AGE_SECONDS: "0" })).toEqual([
      expect.stringContaining("MINIAPP_MAX_AGE_SECONDS"),
    ]);
  });

  it("defaults to the only configured provider", () => {
    const config = parseConfig({ ...base, LUMO_API_KEY: "k", LUMO_WEBHOOK_SECRET: "whsec-12345" });
    expect(config.providers.default).toBe("lumo");
  });

  it("lists every problem at once, without echoing secrets", () => {
    const secretKey = "sk_wrong_SUPERSECRET";
    const list = problems({
      BOT_TOKEN: "not-a-token-SUPERSECRET",
      HTTP_PORT: "eighty",
      BOT_MODE: "push",
      REDIS_URL: "http://localhost",
      ADMIN_IDS: "1,abc",
      ARDOR_API_KEY: secretKey,
      DEFAULT_PROVIDER: "paypal",
    });
    const text = list.join("\n");
    for (const name of [
      "BOT_TOKEN",
      "HTTP_PORT",
      "BOT_MODE",
      "REDIS_URL",
      "ADMIN_IDS",
      "ARDOR_API_KEY",
      "DEFAULT_PROVIDER",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain("SUPERSECRET");
  });

  it("requires what webhook mode and each provider need", () => {
    const list = problems({ ...base, BOT_MODE: "webhook", LUMO_API_KEY: "k", ARDOR_API_KEY: "sk_live_x" });
    expect(list).toEqual(
      expect.arrayContaining([
        expect.stringContaining("PUBLIC_URL"),
        expect.stringContaining("TELEGRAM_WEBHOOK_SECRET"),
        expect.stringContaining("LUMO_WEBHOOK_SECRET"),
        expect.stringContaining("ARDOR_API_URL"),
        expect.stringContaining("ARDOR_WEBHOOK_SECRET"),
      ]),
    );
  });

  it("requires a bot token with a hint where to get one", () => {
    expect(problems({})).toEqual([expect.stringMatching(/^BOT_TOKEN .*BotFather/)]);
  });

  it("keeps a Redis password out of logs by listing it as a secret", () => {
    const config = parseConfig({ ...base, REDIS_URL: "redis://:p%40ss-word@redis:6379/0" });
    expect(config.secrets).toContain("p@ss-word");
  });
});
