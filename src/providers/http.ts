/**
 * The one way providers talk HTTP: a timeout on every attempt, retries with backoff and jitter only
 * where repeating is safe (GET, a request carrying an Idempotency-Key, or one the provider documents
 * as repeatable), Retry-After honoured, per-attempt request signing where the provider wants it,
 * every response parsed with zod, every failure a {@link ProviderError}. Requests carry JSON or a
 * form (`application/x-www-form-urlencoded`). Raw response bodies are logged at debug level only,
 * with secrets scrubbed; request bodies never are.
 */

import type { z } from "zod";
import { createScrubber, REDACTED } from "../lib/scrub.js";
import type { Logger } from "../logger.js";
import {
  type AnyProviderName,
  ProviderError,
  type ProviderErrorDetails,
  type ProviderErrorKind,
} from "./types.js";

export interface HttpTuning {
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Attempts in total for a retryable request; other requests get exactly one. */
  maxAttempts?: number;
  /** Backoff before retry n is about baseDelayMs · 2^(n-1), jittered, capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller instead. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); for jitter. */
  random?: () => number;
}

const DEFAULT_TUNING: Required<HttpTuning> = {
  timeoutMs: 10_000,
  maxAttempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** What a provider's error body says, read leniently by the provider's own reader. */
export interface ProviderErrorBody {
  code?: string;
  message?: string;
  /**
   * A kind the body states beyond doubt, deciding over the HTTP status (Meridian answers «Нет
   * доступных реквизитов» with a 503 that is a refusal, not an outage to retry).
   */
  kind?: ProviderErrorKind;
}

/** The request exactly as it goes out, for providers that sign each request. */
export interface OutgoingRequest {
  method: HttpMethod;
  /** The full URL, query included. */
  url: string;
  /** The exact body text sent; "" when there is none. */
  body: string;
}

export interface HttpClientOptions {
  provider: AnyProviderName;
  /** Without a trailing slash; paths are appended to it. */
  baseUrl: string;
  /** Sent on every request (authentication). */
  headers: Record<string, string>;
  /** Headers computed per attempt from the request itself (signatures, timestamps). */
  sign?: (request: OutgoingRequest) => Record<string, string>;
  readError: (body: unknown) => ProviderErrorBody;
  /** The provider's error codes (lower case) → our kinds. Unknown codes fall back on the HTTP status. */
  errorKinds: Readonly<Record<string, ProviderErrorKind>>;
  /** Literal secrets (API key, webhook secret) to scrub from anything logged. */
  secrets: readonly string[];
  logger?: Logger;
  fetch?: typeof fetch;
  tuning?: HttpTuning;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface RequestSpec<S extends z.ZodType> {
  /** A short name for logs and errors: "confirm", "balance". */
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent form-encoded instead, fields in this order (names as given: `toValues[0][key]`). */
  form?: Record<string, string>;
  idempotencyKey?: string;
  /**
   * The provider documents that repeating this request returns the first result (Meridian's
   * `internalId`), so it is retried like a GET although it carries no Idempotency-Key.
   */
  retrySafe?: boolean;
  schema: S;
  /** The response carries a secret (a new API key, a signing secret): its body is never logged. */
  secretResponse?: boolean;
  /** Secrets of this request only (a per-order secret), scrubbed like the client's own. */
  secrets?: readonly string[];
}

export interface HttpResult<T> {
  data: T;
  status: number;
  headers: Headers;
  attempts: number;
}

export interface HttpClient {
  request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<HttpResult<z.output<S>>>;
}

/** Fills `{name}` placeholders of a path template, URL-encoding each value. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`path ${template} needs {${name}}`);
    return encodeURIComponent(value);
  });
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const doFetch = options.fetch ?? fetch;
  const { provider, logger } = options;
  const clientScrub = createScrubber(options.secrets);
  const scrubberFor = (spec: RequestSpec<z.ZodType>) =>
    spec.secrets?.length ? createScrubber([...options.secrets, ...spec.secrets]) : clientScrub;

  function fail(
    spec: RequestSpec<z.ZodType>,
    attempt: number,
    kind: ProviderErrorKind,
    extra: Omit<ProviderErrorDetails, "provider" | "kind" | "operation" | "attempts"> = {},
    detail?: string,
  ): ProviderError {
    return new ProviderError(
      { provider, kind, operation: spec.operation, attempts: attempt, ...extra },
      detail,
    );
  }

  async function attemptOnce<S extends z.ZodType>(
    spec: RequestSpec<S>,
    attempt: number,
  ): Promise<HttpResult<z.output<S>> | ProviderError> {
    const url = buildUrl(options.baseUrl, spec.path, spec.query);
    const scrub = scrubberFor(spec);
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    const body = encodeBody(spec, headers);
    if (spec.idempotencyKey !== undefined) headers["idempotency-key"] = spec.idempotencyKey;
    if (options.sign) Object.assign(headers, options.sign({ method: spec.method, url, body: body ?? "" }));

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), tuning.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: spec.method,
        headers,
        body,
        signal: controller.signal,
        // A redirect would carry our key to wherever it points; a provider API has no reason to send one.
        redirect: "manual",
      });
      text = await response.text();
    } catch (cause) {
      if (controller.signal.aborted) {
        return fail(spec, attempt, "timeout", {}, `no complete answer within ${tuning.timeoutMs} ms`);
      }
      return fail(spec, attempt, "network", { cause }, networkDetail(cause));
    } finally {
      clearTimeout(timer);
    }

    const json = parseJson(text);
    if (logger?.isLevelEnabled("debug")) {
      logger.debug(
        {
          provider,
          operation: spec.operation,
          method: spec.method,
          path: spec.path,
          status: response.status,
          attempt,
          body: bodyForLog(text, json, spec.secretResponse, scrub),
        },
        "provider response",
      );
    }

    if (response.status >= 200 && response.status < 300) {
      if (!json.ok)
        return fail(spec, attempt, "bad_response", { status: response.status }, "body is not JSON");
      const parsed = spec.schema.safeParse(json.value);
      if (!parsed.success) {
        return fail(
          spec,
          attempt,
          "bad_response",
          { status: response.status },
          describeIssues(parsed.error.issues),
        );
      }
      return { data: parsed.data, status: response.status, headers: response.headers, attempts: attempt };
    }

    const read = json.ok ? safeReadError(options.readError, json.value) : {};
    const { code, message } = read;
    const kind = read.kind ?? errorKind(response.status, code, options.errorKinds);
    return fail(spec, attempt, kind, {
      status: response.status,
      code,
      providerMessage: message === undefined ? undefined : scrub(message).slice(0, 200),
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), Date.now()),
    });
  }

  return {
    async request(spec) {
      const repeatable = spec.method === "GET" || spec.idempotencyKey !== undefined || spec.retrySafe;
      const maxAttempts = repeatable ? tuning.maxAttempts : 1;
      for (let attempt = 1; ; attempt++) {
        const outcome = await attemptOnce(spec, attempt);
        if (!(outcome instanceof ProviderError)) return outcome;
        if (attempt >= maxAttempts || !outcome.retryable) throw outcome;
        let delay = backoff(attempt, tuning);
        if (outcome.retryAfterMs !== undefined) {
          if (outcome.retryAfterMs > tuning.maxRetryAfterMs) throw outcome;
          delay = Math.max(delay, outcome.retryAfterMs);
        }
        logger?.warn(
          {
            provider,
            operation: spec.operation,
            kind: outcome.kind,
            status: outcome.status,
            attempt,
            delayMs: delay,
          },
          "provider call failed, retrying",
        );
        await tuning.sleep(delay);
      }
    },
  };
}

function encodeBody(spec: RequestSpec<z.ZodType>, headers: Record<string, string>): string | undefined {
  if (spec.form !== undefined) {
    if (spec.body !== undefined)
      throw new Error(`${spec.operation}: a request has a body or a form, not both`);
    headers["content-type"] = "application/x-www-form-urlencoded";
    return new URLSearchParams(Object.entries(spec.form)).toString();
  }
  if (spec.body === undefined) return undefined;
  headers["content-type"] = "application/json";
  return JSON.stringify(spec.body);
}

function buildUrl(baseUrl: string, path: string, query: RequestSpec<z.ZodType>["query"]): string {
  const url = new URL(baseUrl + path);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

function errorKind(
  status: number,
  code: string | undefined,
  table: Readonly<Record<string, ProviderErrorKind>>,
): ProviderErrorKind {
  // Transport-level answers decide retries, whatever code the body carries.
  if (status === 401 || status === 403) return "unauthorized";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  const known = code === undefined ? undefined : table[code.toLowerCase()];
  if (known) return known;
  if (status === 402) return "insufficient_funds";
  if (status === 404) return "not_found";
  if (status >= 400) return "rejected";
  return "bad_response";
}

function backoff(attempt: number, tuning: Required<HttpTuning>): number {
  const ceiling = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the step, so retries from many clients spread without collapsing to 0.
  return Math.round(ceiling / 2 + (ceiling / 2) * tuning.random());
}

/** Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function safeReadError(read: HttpClientOptions["readError"], body: unknown): ProviderErrorBody {
  try {
    return read(body);
  } catch {
    return {};
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  return `unexpected response: ${parts.join("; ")}${issues.length > 3 ? "; …" : ""}`.slice(0, 300);
}

function networkDetail(cause: unknown): string {
  const inner = cause instanceof Error ? (cause.cause as { code?: unknown } | undefined) : undefined;
  return typeof inner?.code === "string" ? inner.code : "request failed";
}

const SECRET_FIELD =
  /^(secret|api_?key|token|password|signature|authorization|(webhook|ipn|order)_?secret|notification_?token)$/i;
const MAX_LOGGED_BODY = 4000;

function bodyForLog(
  text: string,
  json: ReturnType<typeof parseJson>,
  secretResponse: boolean | undefined,
  scrub: (line: string) => string,
): string {
  if (secretResponse) return "[withheld: the response carries a secret]";
  const out = scrub(json.ok ? JSON.stringify(redactFields(json.value)) : text);
  return out.length > MAX_LOGGED_BODY ? `${out.slice(0, MAX_LOGGED_BODY)}…` : out;
}

function redactFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFields);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_FIELD.test(key) ? REDACTED : redactFields(inner),
    ]),
  );
}
