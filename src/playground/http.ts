import type { IncomingMessage, ServerResponse } from "node:http";

/** Small node:http helpers for the playground page's server. */

/** A failure the page shows as is (Russian, like the page). */
export class PageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const COMMON_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** The page runs only its own script and style; bot text never becomes markup (see rich-text.ts). */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  // The Mini App panel shows the bot's scanner page from this same server.
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendBytes(
  res: ServerResponse,
  bytes: Buffer,
  type: string,
  extra: Record<string, string> = {},
  status = 200,
): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    "content-type": type,
    "content-length": bytes.length,
    ...extra,
  });
  res.end(bytes);
}

/** The raw body, refused with 413 past `limit` bytes (declared or actual). */
export async function readBody(req: IncomingMessage, limit: number, tooLarge: string): Promise<Buffer> {
  if (Number(req.headers["content-length"] ?? 0) > limit) throw new PageError(413, tooLarge);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PageError(413, tooLarge);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const JSON_LIMIT = 64 * 1024;

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req, JSON_LIMIT, "Слишком большой запрос")).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new PageError(400, "Тело запроса — не JSON");
  }
}
