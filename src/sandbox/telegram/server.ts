import http from "node:http";
import { type ApiResponse, callMethod, errorResponse } from "./api.js";
import { badRequest, notFound, unauthorized } from "./errors.js";
import { parseMultipart } from "./multipart.js";
import { normalizeParams, type UploadedFile } from "./params.js";
import type { World } from "./state.js";
import type { WebhookSender } from "./webhook.js";

export interface ServerOptions {
  /** Larger request bodies get 413, like Telegram's 50 MB upload limit. */
  maxBodyBytes: number;
}

const API_PATH = /^\/bot([^/]+)\/([^/]*)$/;
const FILE_PATH = /^\/file\/bot([^/]+)\/(.+)$/;

/**
 * The Bot API over HTTP: `POST|GET /bot<token>/<method>` with JSON, form or multipart bodies, and
 * `GET /file/bot<token>/<file_path>` downloads. Every failure is a JSON error, never a crash.
 */
export function createApiServer(runtime: { world: World; webhooks: WebhookSender }, options: ServerOptions) {
  const { world } = runtime;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const api = API_PATH.exec(url.pathname);
    if (api) {
      const body = await readBody(req, options.maxBodyBytes);
      const bot = world.botByToken(safeDecode(api[1]!));
      if (!bot) return sendJson(res, errorResponse(unauthorized(), world, api[2]!));
      if (body === "too-large") {
        return sendJson(res, { ok: false, error_code: 413, description: "Request Entity Too Large" });
      }
      const method = api[2]!;
      if (method === "") return sendJson(res, errorResponse(notFound(), world, method));
      let params: Record<string, unknown>;
      try {
        params = parseParams(req, url, body);
      } catch (err) {
        return sendJson(res, errorResponse(err, world, method));
      }
      const abort = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) abort.abort();
      });
      const response = await callMethod(runtime, bot, method, params, { signal: abort.signal });
      return sendJson(res, response);
    }

    const file = FILE_PATH.exec(url.pathname);
    if (file && (req.method === "GET" || req.method === "HEAD")) {
      req.resume();
      if (!world.botByToken(safeDecode(file[1]!)))
        return sendJson(res, errorResponse(unauthorized(), world, "file"));
      const stored = world.files.byFilePath(safeDecode(file[2]!));
      if (!stored) return sendJson(res, errorResponse(notFound(), world, "file"));
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": stored.bytes.length,
      });
      res.end(req.method === "HEAD" ? undefined : stored.bytes);
      return;
    }

    req.resume();
    sendJson(res, errorResponse(notFound(), world, "unknown route"));
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      world.settings.logger?.error({ err }, "telegram emulator: request failed");
      if (!res.headersSent) sendJson(res, errorResponse(err, world, "request"));
      else res.destroy();
    });
  });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** How far past the limit a body is still drained (so the client reads the 413) before the socket is cut. */
const DRAIN_BEYOND_LIMIT = 64 * 1024 * 1024;

/** Reads the whole body; past the limit it keeps draining but stores nothing. */
async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      chunks.length = 0;
      if (size > limit + DRAIN_BEYOND_LIMIT) {
        req.destroy();
        break;
      }
      continue;
    }
    chunks.push(chunk);
  }
  return size > limit ? "too-large" : Buffer.concat(chunks);
}

function parseParams(req: http.IncomingMessage, url: URL, body: Buffer): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.fromEntries(url.searchParams);
  let files = new Map<string, UploadedFile>();
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (body.length > 0) {
    if (type.startsWith("multipart/form-data")) {
      const parsed = parseMultipart(body, req.headers["content-type"] ?? "");
      Object.assign(fields, parsed.fields);
      files = parsed.files;
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      Object.assign(fields, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
    } else if (type.startsWith("application/json") || type === "") {
      Object.assign(fields, parseJsonBody(body));
    } else {
      throw badRequest(`unsupported content type ${type}`);
    }
  }
  return normalizeParams(fields, files);
}

function parseJsonBody(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch (err) {
    throw badRequest(`can't parse JSON request body: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("the JSON request body must be an object");
  }
  return value as Record<string, unknown>;
}

function sendJson(res: http.ServerResponse, response: ApiResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const status = response.ok ? 200 : response.error_code;
  const body = JSON.stringify(response);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
