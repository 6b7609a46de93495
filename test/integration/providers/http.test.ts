import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { REDACTED } from "../../../src/logger.js";
import {
  createHttpClient,
  fillPath,
  type HttpClientOptions,
  parseRetryAfter,
} from "../../../src/providers/http.js";
import type { ProviderError } from "../../../src/providers/types.js";
import { capturingLogger, silentLogger } from "./support.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Answer = (res: ServerResponse) => void;

const KEY = "very-secret-api-key-42";

describe("provider HTTP layer", () => {
  const seen: Seen[] = [];
  const answers: Answer[] = [];
  let baseUrl: string;
  let server: ReturnType<typeof createServer>;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on("end", () => {
        seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
        (answers.shift() ?? reply(200, { ok: true }))(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });

  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );

  beforeEach(() => {
    seen.length = 0;
    answers.length = 0;
  });

  function reply(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
    return (res) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
  }

  function client(overrides: Partial<HttpClientOptions> = {}, sleeps: number[] = []) {
    return createHttpClient({
      provider: "ardor",
      baseUrl,
      headers: { authorization: `Bearer ${KEY}` },
      readError: (body) => (body as { error?: { code?: string; message?: string } }).error ?? {},
      errorKinds: { insufficient_funds: "insufficient_funds", payment_expired: "quote_expired" },
      secrets: [KEY],
      logger: silentLogger,
      tuning: {
        timeoutMs: 2_000,
        baseDelayMs: 100,
        maxDelayMs: 1_000,
        random: () => 0.5,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      },
      ...overrides,
    });
  }

  const ok = z.object({ ok: z.literal(true) });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail("expected a ProviderError"),
      (error: ProviderError) => error,
    );

  it("sends auth, JSON and the Idempotency-Key; builds the query; encodes path parameters", async () => {
    await client().request({
      operation: "t",
      method: "POST",
      path: fillPath("/v1/payments/{id}/confirm", { id: "a/b c" }),
      query: { limit: 5, before: undefined },
      body: { qr: "x" },
      idempotencyKey: "key-1",
      schema: ok,
    });
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/api/v1/payments/a%2Fb%20c/confirm?limit=5",
      body: '{"qr":"x"}',
      headers: {
        authorization: `Bearer ${KEY}`,
        "idempotency-key": "key-1",
        "content-type": "application/json",
      },
    });
    await client().request({ operation: "t", method: "GET", path: "/x", schema: ok });
    expect(seen[1]?.headers["content-type"]).toBeUndefined();
  });

  it("backs off exponentially with jitter between half and all of each step", async () => {
    const sleeps: number[] = [];
    answers.push(reply(503, {}), reply(503, {}), reply(503, {}));
    const error = await failure(
      client({}, sleeps).request({ operation: "t", method: "GET", path: "/x", schema: ok }),
    );
    expect(error).toMatchObject({ kind: "unavailable", attempts: 3 });
    expect(sleeps).toEqual([75, 150]);

    const low: number[] = [];
    const lowClient = client({
      tuning: {
        baseDelayMs: 100,
        random: () => 0,
        sleep: async (ms) => {
          low.push(ms);
        },
      },
    });
    answers.push(reply(500, {}), reply(200, { ok: true }));
    await lowClient.request({ operation: "t", method: "GET", path: "/x", schema: ok });
    expect(low).toEqual([50]);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-03-10T12:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3_000);
    expect(parseRetryAfter("Tue, 10 Mar 2026 12:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("Tue, 10 Mar 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it.each([
    [401, { error: { code: "insufficient_funds" } }, "unauthorized"],
    [403, {}, "unauthorized"],
    [402, {}, "insufficient_funds"],
    [409, { error: { code: "payment_expired" } }, "quote_expired"],
    [409, { error: { code: "something_new" } }, "rejected"],
    [404, {}, "not_found"],
    [422, "not json", "rejected"],
    [400, { error: { code: "INSUFFICIENT_FUNDS" } }, "insufficient_funds"],
  ] as const)("maps HTTP %i with %j to %s", async (status, body, kind) => {
    answers.push(reply(status, body));
    const error = await failure(client().request({ operation: "t", method: "POST", path: "/x", schema: ok }));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
  });

  it("signs every attempt over the method, full URL and the exact body text sent", async () => {
    const signed: string[] = [];
    let attempt = 0;
    const signing = client({
      sign: ({ method, url, body }) => {
        signed.push(`${method} ${url} ${body}`);
        return { "x-signature": `sig-${++attempt}` };
      },
    });
    answers.push(reply(503, {}));
    await signing.request({ operation: "t", method: "GET", path: "/x", query: { a: 1 }, schema: ok });
    await signing.request({ operation: "t", method: "POST", path: "/y", body: { b: 1.5 }, schema: ok });
    expect(signed).toEqual([`GET ${baseUrl}/x?a=1 `, `GET ${baseUrl}/x?a=1 `, `POST ${baseUrl}/y {"b":1.5}`]);
    expect(seen.map((s) => [s.headers["x-signature"], s.body])).toEqual([
      ["sig-1", ""],
      ["sig-2", ""],
      ["sig-3", '{"b":1.5}'],
    ]);
  });

  it("retries a POST the provider documents as repeatable, and no other", async () => {
    answers.push(reply(503, {}));
    await client().request({ operation: "t", method: "POST", path: "/x", retrySafe: true, schema: ok });
    expect(seen).toHaveLength(2);
    answers.push(reply(503, {}));
    expect(
      await failure(client().request({ operation: "t", method: "POST", path: "/x", schema: ok })),
    ).toMatchObject({ kind: "unavailable", attempts: 1 });
  });

  it("lets the provider's reader decide the kind from the body, over the status", async () => {
    const reading = client({
      readError: (body) =>
        (body as { error?: string }).error === "busy" ? { message: "busy", kind: "no_requisites" } : {},
    });
    answers.push(reply(503, { error: "busy" }));
    const error = await failure(
      reading.request({ operation: "t", method: "POST", path: "/x", retrySafe: true, schema: ok }),
    );
    expect(error).toMatchObject({ kind: "no_requisites", status: 503, retryable: false, attempts: 1 });
  });

  it("never follows a redirect (it would carry the key elsewhere): bad_response", async () => {
    answers.push(reply(302, "", { location: "http://127.0.0.1:9/steal" }));
    const error = await failure(client().request({ operation: "t", method: "GET", path: "/x", schema: ok }));
    expect(error).toMatchObject({ kind: "bad_response", status: 302 });
    expect(seen).toHaveLength(1);
  });

  it("treats an empty 2xx body as bad_response", async () => {
    answers.push(reply(200, ""));
    expect(
      (await failure(client().request({ operation: "t", method: "GET", path: "/x", schema: ok }))).kind,
    ).toBe("bad_response");
  });

  it("keeps secrets and bodies out of error messages", async () => {
    answers.push(reply(400, { error: { code: "bad", message: `key ${KEY} is odd` } }));
    const error = await failure(
      client().request({ operation: "confirm", method: "POST", path: "/x", schema: ok }),
    );
    expect(error.message).toBe("ardor confirm: rejected (HTTP 400, code bad)");
    expect(error.providerMessage).toBe(`key ${REDACTED} is odd`);
  });

  it("logs raw bodies at debug level with secrets scrubbed and secret fields redacted", async () => {
    const { logger, lines } = capturingLogger();
    answers.push(
      reply(200, { ok: true, note: `echo ${KEY}`, secret: "whsec_abc", nested: { apiKey: "k-123456" } }),
    );
    await client({ logger }).request({ operation: "t", method: "GET", path: "/x", schema: ok });
    const logged = lines.join("");
    expect(logged).toContain("provider response");
    expect(logged).not.toContain(KEY);
    expect(logged).not.toContain("whsec_abc");
    expect(logged).not.toContain("k-123456");
    expect(logged).toContain(REDACTED);
  });

  it("sends a form with bracketed names kept, in the given order", async () => {
    await client().request({
      operation: "t",
      method: "POST",
      path: "/form",
      form: { amount: "5000.00", "toValues[0][key]": "wallet", "toValues[0][value]": "T a+b&c" },
      schema: ok,
    });
    expect(seen[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect([...new URLSearchParams(seen[0]?.body)]).toEqual([
      ["amount", "5000.00"],
      ["toValues[0][key]", "wallet"],
      ["toValues[0][value]", "T a+b&c"],
    ]);
  });

  it("refuses a request with both a JSON body and a form", async () => {
    await expect(
      client().request({ operation: "t", method: "POST", path: "/x", body: {}, form: {}, schema: ok }),
    ).rejects.toThrow(/body or a form/);
    expect(seen).toHaveLength(0);
  });

  it("scrubs a request's own secrets and redacts ipnSecret and orderSecret fields", async () => {
    const { logger, lines } = capturingLogger();
    const perOrder = "per-order-secret-7Qx";
    answers.push(
      reply(200, {
        ok: true,
        url: `https://pay.example/en/payment/1/${perOrder}`,
        ipnSecret: "ipn-abcdef",
        orderSecret: "ord-abcdef",
      }),
      reply(400, { error: { code: "bad", message: `secret ${perOrder} refused` } }),
    );
    await client({ logger }).request({
      operation: "t",
      method: "GET",
      path: "/x",
      secrets: [perOrder],
      schema: ok,
    });
    const error = await failure(
      client().request({ operation: "t", method: "POST", path: "/x", secrets: [perOrder], schema: ok }),
    );
    const logged = lines.join("");
    for (const secret of [perOrder, "ipn-abcdef", "ord-abcdef"]) expect(logged).not.toContain(secret);
    expect(error.providerMessage).toBe(`secret ${REDACTED} refused`);
  });

  it("does not read bodies for the log when debug is off", async () => {
    const { logger, lines } = capturingLogger();
    logger.level = "info";
    await client({ logger }).request({ operation: "t", method: "GET", path: "/x", schema: ok });
    expect(lines).toHaveLength(0);
  });
});
