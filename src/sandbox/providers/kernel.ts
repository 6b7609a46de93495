/**
 * What the provider simulators share around their endpoints: per-endpoint request counters,
 * injected faults, authentication, strict JSON (or form) bodies, and idempotency (same key and same request →
 * the stored answer, replayed; same key with another request → a conflict error).
 */

import { Hono } from "hono";
import type { z } from "zod";
import { FaultPlan } from "./faults.js";

/** Thrown by a handler to answer with the provider's error body. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Reply {
  status?: number;
  body: unknown;
}

export interface SimRequest {
  /** As the client addressed it (the Host header decides the origin). */
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (a form: its fields as strings); undefined when the request had none. */
  body: unknown;
  headers: Headers;
}

export interface EndpointSpec {
  /** Counter and fault-targeting name, e.g. "accept". */
  name: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  /** Honours Idempotency-Key. */
  idempotent?: boolean;
}

export interface KernelOptions {
  /** The provider's error body for a status, code and message. */
  errorBody(status: number, code: string, message: string): unknown;
  /**
   * True when the request carries a valid credential; false or a refusal message (answered 401)
   * otherwise. Providers that sign requests check the method, full URL and exact body text too.
   */
  authenticate(headers: Headers, request: SignedRequest): boolean | string;
  codes: {
    unauthorized: string;
    badRequest: string;
    notFound: string;
    unavailable: string;
    rateLimited: string;
    idempotencyConflict: string;
  };
  /** How request bodies are written (default JSON). */
  bodies?: "json" | "form";
  idempotency: {
    conflictStatus: number;
    /** A header set on replayed answers (Ardor: Idempotency-Replayed: true). */
    replayHeader?: string;
    maxKeyLength?: number;
  };
}

/** A request as its signature covers it. */
export interface SignedRequest {
  method: string;
  url: string;
  /** The body text exactly as received; "" when there is none. */
  body: string;
}

interface StoredReply {
  fingerprint: string;
  status: number;
  text: string;
}

export class SimKernel {
  readonly app = new Hono();
  readonly requests: Record<string, number> = {};
  readonly faults = new FaultPlan();
  private readonly replies = new Map<string, StoredReply>();
  private readonly hung = new Set<() => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: KernelOptions) {
    this.app.notFound(() => this.errorResponse(404, options.codes.notFound, "No such route"));
  }

  endpoint(spec: EndpointSpec, handler: (request: SimRequest) => Reply | Promise<Reply>): void {
    this.app.on(spec.method, spec.path, async (c) => {
      this.requests[spec.name] = (this.requests[spec.name] ?? 0) + 1;
      const fault = this.faults.take(spec.name);
      if (fault?.kind === "status") {
        const code = fault.status === 429 ? this.options.codes.rateLimited : this.options.codes.unavailable;
        const response = this.errorResponse(fault.status, code, "Injected failure");
        if (fault.retryAfterSeconds !== undefined)
          response.headers.set("retry-after", String(fault.retryAfterSeconds));
        return response;
      }
      if (fault?.kind === "body") return jsonResponse(fault.status, fault.body);

      const response = await this.handle(c.req.raw, c.req.param(), spec, handler);
      if (fault?.kind === "timeout") await this.hang(fault.hangMs);
      return this.closed
        ? this.errorResponse(503, this.options.codes.unavailable, "Shutting down")
        : response;
    });
  }

  /** Validates a body or query against a schema, answering 400 with the first problem. */
  parse<S extends z.ZodType>(schema: S, value: unknown, what = "body"): z.output<S> {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${what}.${issue.path.join(".")}` : what;
    throw new SimError(400, this.options.codes.badRequest, `${where}: ${issue?.message ?? "invalid"}`);
  }

  errorResponse(status: number, code: string, message: string): Response {
    return jsonResponse(status, JSON.stringify(this.options.errorBody(status, code, message)));
  }

  /** Runs `task` after `delayMs` (status progression); with null, never: the test settles by hand. */
  later(delayMs: number | null, task: () => void): void {
    if (delayMs === null || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Cancels pending progressions and releases every hung answer; later requests get 503. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const release of this.hung) release();
    this.hung.clear();
  }

  private async handle(
    raw: Request,
    params: Record<string, string>,
    spec: EndpointSpec,
    handler: (request: SimRequest) => Reply | Promise<Reply>,
  ): Promise<Response> {
    const { codes, idempotency } = this.options;
    try {
      const received = await raw.text();
      const verdict = this.options.authenticate(raw.headers, {
        method: raw.method,
        url: raw.url,
        body: received,
      });
      if (verdict !== true) {
        throw new SimError(
          401,
          codes.unauthorized,
          typeof verdict === "string" ? verdict : "Invalid API key",
        );
      }
      const body = readBody(raw.headers, received, codes.badRequest, this.options.bodies ?? "json");
      const key = spec.idempotent ? (raw.headers.get("idempotency-key") ?? undefined) : undefined;
      if (key !== undefined && (key.length === 0 || key.length > (idempotency.maxKeyLength ?? 255))) {
        throw new SimError(400, codes.badRequest, "Idempotency-Key must be 1..255 characters");
      }
      const url = new URL(raw.url);
      const fingerprint = `${raw.method} ${url.pathname} ${canonicalJson(body)}`;
      const stored = key === undefined ? undefined : this.replies.get(key);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          throw new SimError(
            idempotency.conflictStatus,
            codes.idempotencyConflict,
            "Idempotency-Key was already used with another request",
          );
        }
        const replay = jsonResponse(stored.status, stored.text);
        if (idempotency.replayHeader) replay.headers.set(idempotency.replayHeader, "true");
        return replay;
      }

      const reply = await handler({ url, params, query: url.searchParams, body, headers: raw.headers });
      const status = reply.status ?? 200;
      const text = JSON.stringify(reply.body);
      // Only successes are stored: a refusal (say, insufficient funds) may succeed on a later retry.
      if (key !== undefined && status < 300) this.replies.set(key, { fingerprint, status, text });
      return jsonResponse(status, text);
    } catch (error) {
      if (error instanceof SimError) return this.errorResponse(error.status, error.code, error.message);
      throw error;
    }
  }

  private hang(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.hung.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.hung.add(release);
    });
  }
}

function jsonResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

function readBody(headers: Headers, text: string, badRequest: string, bodies: "json" | "form"): unknown {
  if (text.trim() === "") return undefined;
  const type = headers.get("content-type") ?? "";
  if (bodies === "form") return readForm(text, type, badRequest);
  if (!/^application\/json\b/i.test(type))
    throw new SimError(415, badRequest, "Content-Type must be application/json");
  try {
    return JSON.parse(text);
  } catch {
    throw new SimError(400, badRequest, "Body is not valid JSON");
  }
}

/** A form's fields; a field given twice is refused, since readers disagree on which one counts. */
function readForm(text: string, type: string, badRequest: string): Record<string, string> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(type))
    throw new SimError(415, badRequest, "Content-Type must be application/x-www-form-urlencoded");
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(fields, name)) throw new SimError(400, badRequest, `${name} is given more than once`);
    fields[name] = value;
  }
  return fields;
}

/** JSON with object keys sorted, so two bodies that differ only in key order compare equal. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "";
  return JSON.stringify(value, (_, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
