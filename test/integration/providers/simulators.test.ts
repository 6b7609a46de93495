import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArdorSimulator, startArdorSimulator } from "../../../src/sandbox/ardor/simulator.js";
import { type LumoSimulator, startLumoSimulator } from "../../../src/sandbox/lumo/simulator.js";
import { LUMO_QR, sbpLink } from "./support.js";

const LUMO_KEY = "lumo-sim-key-0123456789";
const ARDOR_KEY = "sk_test_sim_0123456789abcdef";

describe("provider simulators over raw HTTP", () => {
  let lumo: LumoSimulator;
  let ardor: ArdorSimulator;

  beforeAll(async () => {
    [lumo, ardor] = await Promise.all([
      startLumoSimulator({ apiKey: LUMO_KEY, webhookSecret: "lumo-secret-0123", settleDelayMs: null }),
      startArdorSimulator({ apiKey: ARDOR_KEY, webhookSecret: "ardor-secret-0123", settleDelayMs: null }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([lumo.close(), ardor.close()]);
  });

  const lumoCall = (path: string, init: RequestInit = {}) =>
    fetch(lumo.url + path, { ...init, headers: { "x-api-key": LUMO_KEY, ...init.headers } });
  const ardorCall = (path: string, init: RequestInit = {}) =>
    fetch(ardor.url + path, { ...init, headers: { authorization: `Bearer ${ARDOR_KEY}`, ...init.headers } });
  const json = { "content-type": "application/json" };

  describe("error shapes", () => {
    it("Lumo answers 401 in its NestJS-like shape", async () => {
      const response = await fetch(`${lumo.url}/wallets/balance`, { headers: { "x-api-key": "nope" } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        statusCode: 401,
        error: "Unauthorized",
        code: "INVALID_API_KEY",
        message: "Invalid API key",
      });
    });

    it("ArdorQR answers 401 as {error: {code, message}}, also for a missing header", async () => {
      const response = await fetch(`${ardor.url}/v1/wallet/balance`);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: "unauthorized", message: "Invalid API key" } });
    });

    it("answers an unknown route 404 in the provider's shape", async () => {
      const response = await ardorCall("/v1/nothing");
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
    });
  });

  describe("strict bodies", () => {
    it.each([
      ["an unknown field", JSON.stringify({ qrCode: LUMO_QR, externalOrderId: "a", extra: 1 }), json, 400],
      ["a missing field", JSON.stringify({ qrCode: LUMO_QR }), json, 400],
      ["a field of the wrong type", JSON.stringify({ qrCode: 5, externalOrderId: "a" }), json, 400],
      ["broken JSON", "{", json, 400],
      ["a body that is not declared JSON", "qrCode=x", { "content-type": "text/plain" }, 415],
    ])("Lumo refuses %s", async (_, body, headers, status) => {
      const response = await lumoCall("/orders/prepare", { method: "POST", body, headers });
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ statusCode: status, code: "VALIDATION_ERROR" });
    });

    it("ArdorQR refuses a reference over 128 characters and an Idempotency-Key over 255", async () => {
      const long = await ardorCall("/v1/payments", {
        method: "POST",
        headers: json,
        body: JSON.stringify({ qr: sbpLink(100), reference: "r".repeat(129) }),
      });
      expect(long.status).toBe(400);
      expect(await long.json()).toMatchObject({ error: { code: "invalid_request" } });
      const key = await ardorCall("/v1/payments", {
        method: "POST",
        headers: { ...json, "idempotency-key": "k".repeat(256) },
        body: JSON.stringify({ qr: sbpLink(100) }),
      });
      expect(key.status).toBe(400);
    });

    it("ArdorQR refuses a ledger limit outside 1..100", async () => {
      expect((await ardorCall("/v1/wallet/ledger?limit=0")).status).toBe(400);
      expect((await ardorCall("/v1/wallet/ledger?limit=101")).status).toBe(400);
      expect((await ardorCall("/v1/wallet/ledger?before=yesterday")).status).toBe(400);
      expect((await ardorCall("/v1/wallet/ledger?limit=100")).status).toBe(200);
    });
  });

  describe("idempotency", () => {
    it("replays the same key and body in any key order, marked Idempotency-Replayed", async () => {
      const post = (body: string) =>
        ardorCall("/v1/payments", {
          method: "POST",
          headers: { ...json, "idempotency-key": "order-77" },
          body,
        });
      const first = await post(`{"qr":${JSON.stringify(sbpLink(700))},"reference":"r77"}`);
      const again = await post(`{"reference":"r77","qr":${JSON.stringify(sbpLink(700))}}`);
      expect(first.status).toBe(201);
      expect(first.headers.get("idempotency-replayed")).toBeNull();
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotency-replayed")).toBe("true");
      expect(await again.json()).toEqual(await first.json());
    });

    it("Lumo answers a reused key for another order 409 IDEMPOTENCY_CONFLICT", async () => {
      const prepare = () =>
        lumoCall("/orders/prepare", {
          method: "POST",
          headers: json,
          body: JSON.stringify({ externalOrderId: "x", qrCode: LUMO_QR }),
        }).then((r) => r.json() as Promise<{ id: string }>);
      const [a, b] = [await prepare(), await prepare()];
      const accept = (id: string) =>
        lumoCall(`/orders/accept/${id}`, { method: "POST", headers: { "idempotency-key": "dup" } });
      expect((await accept(a.id)).status).toBe(200);
      const conflict = await accept(b.id);
      expect(conflict.status).toBe(409);
      expect(await conflict.json()).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
    });
  });

  describe("scenario controls over /_sandbox", () => {
    it("lists the controls and shows the state", async () => {
      const list = (await (await fetch(`${lumo.url}/_sandbox`)).json()) as { controls: string[] };
      expect(list.controls).toEqual(
        expect.arrayContaining([
          "failRequests",
          "timeoutNext",
          "dropNextWebhook",
          "setBalance",
          "failNextPayment",
        ]),
      );
      const state = (await (await fetch(`${ardor.url}/_sandbox/state`)).json()) as { balanceMinor: number };
      expect(state.balanceMinor).toBe(ardor.state.balanceMinor);
    });

    it("runs a control posted as JSON, and refuses bad input and unknown controls", async () => {
      const post = (name: string, body?: unknown) =>
        fetch(`${lumo.url}/_sandbox/${name}`, {
          method: "POST",
          headers: json,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      expect((await post("setBalance", { usdtMicro: 5_000_000 })).status).toBe(200);
      expect(lumo.state.balance.usdtMicro).toBe(5_000_000);
      expect((await post("setBalance", { usdtMicro: -1 })).status).toBe(400);
      expect((await post("noSuchControl")).status).toBe(404);

      expect((await post("failRequests", { endpoint: "balance", status: 503 })).status).toBe(200);
      expect((await lumoCall("/wallets/balance")).status).toBe(503);
      expect((await lumoCall("/wallets/balance")).status).toBe(200);
    });

    it("counts requests per endpoint, including refused ones", async () => {
      const before = ardor.state.requests.deposits ?? 0;
      await ardorCall("/v1/deposits");
      await fetch(`${ardor.url}/v1/deposits`);
      expect(ardor.state.requests.deposits).toBe(before + 2);
    });

    it("answers a control that cannot apply with 409 and the reason", async () => {
      const response = await fetch(`${lumo.url}/_sandbox/dispute`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ id: "unknown" }),
      });
      expect(response.status).toBe(409);
    });
  });
});
