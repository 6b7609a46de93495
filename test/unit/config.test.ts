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
    expect(config.providers).toStrictEqual({
      default: undefined,
      lumo: undefined,
      ardor: undefined,
      meridian: undefined,
      merchant: undefined,
      lincoln: undefined,
    });
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

  describe("the Lincoln exchanger", () => {
    const ROUTE = "65f0c0ffee0000000000abcd";
    const lincoln = {
      PUBLIC_URL: "https://bot.example.com",
      LINCOLN_API_URL: "https://api.lincoln.example/",
      LINCOLN_PARTNER: "qrpay",
      LINCOLN_ROUTE_ARDOR: ROUTE,
    };

    it("is on with URL, partner and one route, with the documented defaults", () => {
      expect(parseConfig({ ...base, ...lincoln }).providers.lincoln).toEqual({
        apiUrl: "https://api.lincoln.example",
        partner: "qrpay",
        apiKey: undefined,
        authHeader: "x-api-key",
        routes: { ardor: ROUTE },
        paymentPageUrl: "https://www.lincoln.money",
        toValuesKey: "wallet",
        paths: {
          create: "/public/exchanger/order/create",
          get: "/public/exchanger/order/get",
          paid: "/public/exchanger/order/paid",
        },
      });
    });

    it("reads every knob, and keeps the API key secret", () => {
      const config = parseConfig({
        ...base,
        ...lincoln,
        LINCOLN_ROUTE_LUMO: "65f0c0ffee0000000000abce",
        LINCOLN_API_KEY: "lincoln-key-123",
        LINCOLN_AUTH_HEADER: "Authorization",
        LINCOLN_PAYMENT_PAGE_URL: "https://pay.lincoln.example/",
        LINCOLN_TO_VALUES_KEY: "address",
        LINCOLN_CREATE_PATH: "/api/create",
        LINCOLN_GET_PATH: "/api/get",
        LINCOLN_PAID_PATH: "/api/paid",
      });
      expect(config.providers.lincoln).toMatchObject({
        apiKey: "lincoln-key-123",
        authHeader: "Authorization",
        routes: { lumo: "65f0c0ffee0000000000abce", ardor: ROUTE },
        paymentPageUrl: "https://pay.lincoln.example",
        toValuesKey: "address",
        paths: { create: "/api/create", get: "/api/get", paid: "/api/paid" },
      });
      expect(config.secrets).toContain("lincoln-key-123");
      // An exchanger is not a spend provider: it is never the default one.
      expect(config.providers.default).toBeUndefined();
    });

    it("says what is missing when it is half configured", () => {
      expect(problems({ ...base, LINCOLN_ROUTE_LUMO: ROUTE })).toEqual([
        expect.stringMatching(/^LINCOLN_API_URL is required when LINCOLN_ROUTE_LUMO is set/),
        expect.stringMatching(/^LINCOLN_PARTNER is required/),
      ]);
      expect(problems({ ...base, LINCOLN_API_URL: "https://x.example", LINCOLN_PARTNER: "p" })).toEqual([
        expect.stringMatching(/^LINCOLN_ROUTE_LUMO or LINCOLN_ROUTE_ARDOR is required/),
      ]);
    });

    it("refuses a route that is not an ObjectId and a path with a query", () => {
      const list = problems({
        ...base,
        ...lincoln,
        LINCOLN_ROUTE_ARDOR: "route-1",
        LINCOLN_GET_PATH: "/get?x=1",
      });
      expect(list).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^LINCOLN_ROUTE_ARDOR must be a Lincoln route id/),
          expect.stringMatching(/^LINCOLN_GET_PATH must be a path/),
        ]),
      );
    });
  });

  describe("Meridian", () => {
    const meridian = {
      PUBLIC_URL: "https://bot.example.com",
      MERIDIAN_API_KEY: "luma_abc123:luma_xyz789",
      MERIDIAN_NOTIFICATION_TOKEN: "meridian-notification-token-0123456789",
    };

    it("is on with a key and a notification token, with the document's defaults", () => {
      const config = parseConfig({ ...base, ...meridian });
      expect(config.providers.meridian).toEqual({
        apiUrl: "https://api.meridian.vip",
        apiKey: "luma_abc123:luma_xyz789",
        notificationToken: "meridian-notification-token-0123456789",
        methods: ["sbp", "card"],
        banks: ["sberbank", "tinkoff", "alfa", "vtb", "raiffeisen"],
      });
      expect(config.secrets).toEqual(
        expect.arrayContaining([meridian.MERIDIAN_API_KEY, meridian.MERIDIAN_NOTIFICATION_TOKEN]),
      );
      expect(config.providers.default).toBeUndefined();
    });

    it("reads the methods and banks offered, in their order, each once", () => {
      const config = parseConfig({
        ...base,
        ...meridian,
        MERIDIAN_API_URL: "http://127.0.0.1:4010/",
        MERIDIAN_PAYMENT_METHODS: "TO_CARD, SBP, TO_CARD",
        MERIDIAN_BANKS: "vtb,sberbank",
      });
      expect(config.providers.meridian).toMatchObject({
        apiUrl: "http://127.0.0.1:4010",
        methods: ["card", "sbp"],
        banks: ["vtb", "sberbank"],
      });
    });

    it("refuses a key that is not keyId:secret, a short token, and unknown methods, without echoing them", () => {
      const list = problems({
        ...base,
        MERIDIAN_API_KEY: "SUPERSECRET-without-colon",
        MERIDIAN_NOTIFICATION_TOKEN: "SUPERSECRET-short",
        MERIDIAN_PAYMENT_METHODS: "SBP,CASH",
        MERIDIAN_BANKS: " , ",
      });
      expect(list).toEqual([
        "MERIDIAN_API_KEY must be a Meridian API key: keyId:secret",
        "MERIDIAN_NOTIFICATION_TOKEN must be 32..255 characters (the Meridian notification token)",
        'MERIDIAN_PAYMENT_METHODS "CASH" is not allowed: must be a comma-separated list of SBP and TO_CARD',
        "MERIDIAN_BANKS must be a comma-separated list of bank codes such as sberbank, tinkoff",
      ]);
      expect(list.join("\n")).not.toContain("SUPERSECRET");
    });

    it("requires the notification token with the key", () => {
      expect(problems({ ...base, MERIDIAN_API_KEY: meridian.MERIDIAN_API_KEY })).toEqual([
        "MERIDIAN_NOTIFICATION_TOKEN is required when MERIDIAN_API_KEY is set (it signs the notifications)",
      ]);
    });
  });

  it("needs PUBLIC_URL where providers send notifications to us, and takes an http one", () => {
    const merchant = {
      MERCHANT_API_URL: "https://m.example",
      MERCHANT_API_KEY: "k",
      MERCHANT_API_SECRET: "merchant-secret-1",
    };
    expect(problems({ ...base, ...merchant })).toEqual([
      "PUBLIC_URL is required when Merchant API is configured (notifications are sent to it)",
    ]);
    expect(parseConfig({ ...base, ...merchant, PUBLIC_URL: "http://127.0.0.1:8080" }).bot.publicUrl).toBe(
      "http://127.0.0.1:8080",
    );
  });

  describe("merchant API", () => {
    it("is on with a URL, a key and a secret, all kept secret but the URL", () => {
      const config = parseConfig({
        ...base,
        PUBLIC_URL: "https://bot.example.com",
        MERCHANT_API_URL: "https://merchant.example/",
        MERCHANT_API_KEY: "mk_live_123",
        MERCHANT_API_SECRET: "merchant-secret-0123",
      });
      expect(config.providers.merchant).toEqual({
        apiUrl: "https://merchant.example",
        apiKey: "mk_live_123",
        apiSecret: "merchant-secret-0123",
      });
      expect(config.secrets).toEqual(expect.arrayContaining(["mk_live_123", "merchant-secret-0123"]));
    });

    it("requires the URL and the secret with the key", () => {
      expect(problems({ ...base, MERCHANT_API_KEY: "mk_live_123" })).toEqual([
        "MERCHANT_API_URL is required when MERCHANT_API_KEY is set",
        "MERCHANT_API_SECRET is required when MERCHANT_API_KEY is set (it signs every request)",
      ]);
    });
  });

  it("requires a bot token with a hint where to get one", () => {
    expect(problems({})).toEqual([expect.stringMatching(/^BOT_TOKEN .*BotFather/)]);
  });

  it("keeps a Redis password out of logs by listing it as a secret", () => {
    const config = parseConfig({ ...base, REDIS_URL: "redis://:p%40ss-word@redis:6379/0" });
    expect(config.secrets).toContain("p@ss-word");
  });
});
