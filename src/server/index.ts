import { randomUUID } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { lazyChild } from "../lib/lazy-logger.js";
import { safeEqual } from "../lib/timing-safe.js";
import type { Logger } from "../logger.js";
import type { PageAsset } from "../miniapp/page.js";
import { errorBody } from "./errors.js";
import { MINIAPP_BODY_LIMIT, type MiniAppRoutes } from "./miniapp.js";

/**
 * The embedded listener, on plain node:http. Four routes do not need a framework, and on the hot
 * path — thousands of provider webhooks a second — building a Web Request and Response per call
 * (what Hono's Node adapter does) cost more than verifying the webhook (see README, bench:flow).
 *
 *   GET  /healthz              alive
 *   GET  /readyz               every readiness check true
 *   POST <telegram path>       Telegram webhook mode (secret token checked first)
 *   POST /webhooks/<provider>  signed provider webhooks (paths from the providers' descriptors)
 *   GET  /app/scan(.js|.css)   the Mini App scanner's page
 *   POST /app/scan             a code from the scanner, with its signed initData (see miniapp.ts)
 */

/** A verified-provider webhook endpoint: gets the raw body, answers quickly, defers slow work. */
export type ProviderWebhookHandler = (request: {
  rawBody: Uint8Array;
  /** Lower-case header names, as Node gives them. */
  headers: IncomingHttpHeaders;
  log: Logger;
}) => Promise<{ status: 200 | 202 | 400 | 401 | 404 | 409 | 422 | 503; body: Record<string, unknown> }>;

export interface HttpDeps {
  logger: Logger;
  bodyLimitBytes: number;
  /** Named readiness checks; /readyz is 200 only when every one is true. */
  readiness: () => Promise<Record<string, boolean>>;
  /** Telegram webhook mode: the path, the secret Telegram sends back, and the update handler. */
  telegram?: { path: string; secret: string; handle: (update: unknown) => Promise<unknown> };
  /** Provider webhooks by path (each provider's descriptor names its own, `/webhooks/<name>`). */
  providerWebhooks: ReadonlyMap<string, ProviderWebhookHandler>;
  /** The Mini App scanner at `path` (its page, and the POST of a scanned code). */
  miniApp?: { path: string; routes: MiniAppRoutes };
}

type Reply = { status: number; body: unknown } | { status: 200; asset: PageAsset };

class BodyTooLarge extends Error {}

/** The raw body, refused past `limit` bytes (declared or actual). */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(request.headers["content-length"] ?? 0) > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export function createRequestHandler(
  deps: HttpDeps,
): (request: IncomingMessage, response: ServerResponse) => void {
  const tooLarge: Reply = {
    status: 413,
    body: errorBody("payload_too_large", `Body over ${deps.bodyLimitBytes} bytes`),
  };
  const notFound: Reply = { status: 404, body: errorBody("not_found", "Not found") };
  const wrongMethod: Reply = { status: 405, body: errorBody("method_not_allowed", "Method not allowed") };

  async function route(request: IncomingMessage, path: string, log: Logger): Promise<Reply> {
    const method = request.method ?? "GET";
    if (path === "/healthz") return method === "GET" ? { status: 200, body: { status: "ok" } } : wrongMethod;

    if (path === "/readyz") {
      if (method !== "GET") return wrongMethod;
      const checks = await deps.readiness().catch(() => ({ readiness: false }));
      const ready = Object.values(checks).every(Boolean);
      return { status: ready ? 200 : 503, body: { status: ready ? "ready" : "not_ready", checks } };
    }

    const telegram = deps.telegram;
    if (telegram && path === telegram.path) {
      if (method !== "POST") return wrongMethod;
      const given = request.headers["x-telegram-bot-api-secret-token"];
      if (!safeEqual(typeof given === "string" ? given : "", telegram.secret)) {
        log.warn("telegram webhook with a wrong secret token");
        return { status: 401, body: errorBody("unauthorized", "Wrong secret token") };
      }
      let update: unknown;
      try {
        update = JSON.parse((await readBody(request, deps.bodyLimitBytes)).toString("utf8"));
      } catch (err) {
        if (err instanceof BodyTooLarge) return tooLarge;
        return { status: 400, body: errorBody("bad_request", "Body is not JSON") };
      }
      await telegram.handle(update);
      return { status: 200, body: {} };
    }

    const miniApp = deps.miniApp;
    if (miniApp && (path === miniApp.path || path.startsWith(`${miniApp.path}.`))) {
      const name = path === miniApp.path ? "" : path.slice(path.lastIndexOf("/") + 1);
      if (method === "GET") {
        const asset = miniApp.routes.asset(name);
        return asset ? { status: 200, asset } : notFound;
      }
      if (method !== "POST" || name !== "") return wrongMethod;
      let rawBody: Buffer;
      try {
        rawBody = await readBody(request, Math.min(deps.bodyLimitBytes, MINIAPP_BODY_LIMIT));
      } catch (err) {
        if (err instanceof BodyTooLarge) return tooLarge;
        throw err;
      }
      return miniApp.routes.scan(rawBody, log);
    }

    const handler = deps.providerWebhooks.get(path);
    if (handler) {
      if (method !== "POST") return wrongMethod;
      let rawBody: Buffer;
      try {
        rawBody = await readBody(request, deps.bodyLimitBytes);
      } catch (err) {
        if (err instanceof BodyTooLarge) return tooLarge;
        throw err;
      }
      return handler({ rawBody, headers: request.headers, log });
    }
    if (path.startsWith("/webhooks/"))
      return { status: 404, body: errorBody("not_found", "No such webhook") };
    return notFound;
  }

  return (request, response) => {
    const given = request.headers["x-request-id"];
    const requestId = (typeof given === "string" && given.slice(0, 64)) || randomUUID();
    const path = (request.url ?? "/").split("?", 1)[0]!;
    const log = lazyChild(deps.logger, () => ({ requestId, method: request.method, path }));
    const started = performance.now();
    route(request, path, log)
      .catch((err: unknown): Reply => {
        log.error({ err }, "http handler failed");
        return { status: 500, body: errorBody("internal", "Internal error") };
      })
      .then((reply) => {
        const { status } = reply;
        if (response.headersSent) return;
        if ("asset" in reply) {
          response.writeHead(status, {
            ...reply.asset.headers,
            "content-type": reply.asset.type,
            "content-length": reply.asset.bytes.length,
            "x-request-id": requestId,
          });
          response.end(reply.asset.bytes);
          return;
        }
        const json = JSON.stringify(reply.body);
        response.writeHead(status, {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(json),
          "x-request-id": requestId,
        });
        response.end(json);
        const level = status >= 500 ? "error" : path.endsWith("z") ? "trace" : "debug";
        if (deps.logger.isLevelEnabled(level)) {
          log[level]({ status, ms: Math.round(performance.now() - started) }, "http request");
        }
      });
  };
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish (bounded), then drops what is left. */
  close(timeoutMs: number): Promise<void>;
}

export async function startHttpServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  { host, port }: { host: string; port: number },
): Promise<RunningServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return {
    url: `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${address.port}`,
    port: address.port,
    close: (timeoutMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
