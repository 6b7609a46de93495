import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import {
  createRequestHandler,
  type ProviderWebhookHandler,
  type RunningServer,
  startHttpServer,
} from "../../src/server/index.js";

const logger = createLogger({ level: "silent", format: "json", secrets: [] });

describe("embedded HTTP listener", () => {
  let server: RunningServer;
  let ready = true;
  const received: Array<{ body: string; signature: string | null }> = [];
  const webhooks = new Map<string, ProviderWebhookHandler>();
  const telegramUpdates: unknown[] = [];

  beforeAll(async () => {
    webhooks.set("/webhooks/demo", async ({ rawBody, headers }) => {
      const signature = headers["x-demo-signature"];
      received.push({
        body: Buffer.from(rawBody).toString(),
        signature: typeof signature === "string" ? signature : null,
      });
      return signature === "good"
        ? { status: 200, body: { ok: true } }
        : { status: 401, body: { error: { code: "bad_signature", message: "no" } } };
    });
    const app = createRequestHandler({
      logger,
      bodyLimitBytes: 1024,
      readiness: async () => ({ redis: ready, bot: true }),
      providerWebhooks: webhooks,
      telegram: {
        path: "/telegram/webhook",
        secret: "right-secret-0123456789",
        handle: async (update) => {
          telegramUpdates.push(update);
        },
      },
    });
    server = await startHttpServer(app, { host: "127.0.0.1", port: 0 });
  });
  afterAll(() => server.close(1000));

  it("answers /healthz and reflects readiness checks on /readyz", async () => {
    const health = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": "trace-me" } });
    expect(await health.json()).toEqual({ status: "ok" });
    expect(health.headers.get("x-request-id")).toBe("trace-me");
    expect((await fetch(`${server.url}/healthz`)).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${server.url}/healthz`, { method: "POST" })).status).toBe(405);
    let res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    ready = false;
    res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "not_ready", checks: { redis: false, bot: true } });
    ready = true;
  });

  it("returns JSON errors for unknown routes and unknown providers", async () => {
    let res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "Not found" } });
    res = await fetch(`${server.url}/webhooks/unknown`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("hands provider webhooks the raw body, byte for byte", async () => {
    const body = '{"b":1,  "a":"ё"}';
    const res = await fetch(`${server.url}/webhooks/demo`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-demo-signature": "good" },
    });
    expect(res.status).toBe(200);
    expect(received.at(-1)).toEqual({ body, signature: "good" });
    const bad = await fetch(`${server.url}/webhooks/demo`, { method: "POST", body });
    expect(bad.status).toBe(401);
  });

  it("refuses bodies over the limit with 413, and a Telegram update that is not JSON with 400", async () => {
    const res = await fetch(`${server.url}/webhooks/demo`, { method: "POST", body: "x".repeat(4096) });
    expect(res.status).toBe(413);
    const notJson = await fetch(`${server.url}/telegram/webhook`, {
      method: "POST",
      body: "{",
      headers: { "x-telegram-bot-api-secret-token": "right-secret-0123456789" },
    });
    expect(notJson.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  it("checks the Telegram secret token before handing the update to the bot", async () => {
    const update = { update_id: 1 };
    const wrong = await fetch(`${server.url}/telegram/webhook`, {
      method: "POST",
      body: JSON.stringify(update),
      headers: { "x-telegram-bot-api-secret-token": "wrong" },
    });
    expect(wrong.status).toBe(401);
    const missing = await fetch(`${server.url}/telegram/webhook`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(401);
    expect(telegramUpdates).toEqual([]);
    const right = await fetch(`${server.url}/telegram/webhook`, {
      method: "POST",
      body: JSON.stringify(update),
      headers: { "x-telegram-bot-api-secret-token": "right-secret-0123456789" },
    });
    expect(right.status).toBe(200);
    expect(telegramUpdates).toEqual([update]);
  });
});
