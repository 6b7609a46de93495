/**
 * Scenario controls, declared once as a table and usable two ways: from code
 * (`sim.controls.failRequests({ endpoint: "accept" })`) and over HTTP
 * (`POST /_sandbox/failRequests` with the same JSON), so the demo playground can drive them.
 */

import type { Hono } from "hono";
import { z } from "zod";
import type { SimKernel } from "./kernel.js";
import type { WebhookSender } from "./webhook-sender.js";

export interface Control<S extends z.ZodType, R> {
  input: S;
  run(input: z.output<S>): R;
}

// biome-ignore lint/suspicious/noExplicitAny: a table of controls with unrelated input and result types
export type ControlTable = Record<string, Control<any, unknown>>;

export type Controls<T extends ControlTable> = {
  [K in keyof T]: (
    ...input: undefined extends z.input<T[K]["input"]>
      ? [input?: z.input<T[K]["input"]>]
      : [input: z.input<T[K]["input"]>]
  ) => ReturnType<T[K]["run"]>;
};

export function control<S extends z.ZodType, R>(input: S, run: (input: z.output<S>) => R): Control<S, R> {
  return { input, run };
}

/** For controls that take nothing. */
export const noInput = z.strictObject({}).optional();

export function bindControls<T extends ControlTable>(table: T): Controls<T> {
  return Object.fromEntries(
    Object.entries(table).map(([name, c]) => [name, (input?: unknown) => c.run(c.input.parse(input))]),
  ) as unknown as Controls<T>;
}

/** GET /_sandbox lists the controls, GET /_sandbox/state shows the state, POST /_sandbox/<name> runs one. */
export function mountControls(app: Hono, table: ControlTable, state: () => unknown): void {
  app.get("/_sandbox", (c) => c.json({ controls: Object.keys(table) }));
  app.get("/_sandbox/state", (c) => c.json(state() as object));
  app.post("/_sandbox/:name", async (c) => {
    const entry = Object.hasOwn(table, c.req.param("name")) ? table[c.req.param("name")] : undefined;
    if (!entry) return c.json({ error: `no control ${c.req.param("name")}` }, 404);
    const text = await c.req.text();
    let json: unknown;
    try {
      json = text.trim() === "" ? undefined : JSON.parse(text);
    } catch {
      return c.json({ error: "body is not JSON" }, 400);
    }
    const input = entry.input.safeParse(json);
    if (!input.success) return c.json({ error: z.prettifyError(input.error) }, 400);
    try {
      return c.json({ ok: true, result: (await entry.run(input.data)) ?? null });
    } catch (error) {
      return c.json({ error: error instanceof Error ? error.message : String(error) }, 409);
    }
  });
}

const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .nullable()
  .describe("where signed webhooks are POSTed; null stops them");

/** Injected failures, for any simulator: error statuses, held answers, replaced bodies. */
export function faultControls(kernel: SimKernel) {
  const target = { endpoint: z.string().optional(), times: z.number().int().positive().default(1) };
  return {
    /** The next `times` requests (to `endpoint`, or to any) fail with `status` (5xx, or 429 + Retry-After). */
    failRequests: control(
      z.strictObject({
        ...target,
        status: z.number().int().min(400).max(599).default(503),
        retryAfterSeconds: z.number().int().min(0).optional(),
      }),
      ({ endpoint, times, status, retryAfterSeconds }) =>
        kernel.faults.add({ kind: "status", status, retryAfterSeconds }, { endpoint, times }),
    ),
    /** The next request takes effect but its answer is held `hangMs`: longer than the client waits. */
    timeoutNext: control(
      z.strictObject({ ...target, hangMs: z.number().int().positive().default(30_000) }),
      ({ endpoint, times, hangMs }) => kernel.faults.add({ kind: "timeout", hangMs }, { endpoint, times }),
    ),
    /** The next answer is replaced by `body` (a string is sent as is, anything else as JSON). */
    malformNext: control(
      z.strictObject({
        ...target,
        status: z.number().int().min(200).max(599).default(200),
        body: z.unknown(),
      }),
      ({ endpoint, times, status, body }) =>
        kernel.faults.add(
          { kind: "body", status, body: typeof body === "string" ? body : JSON.stringify(body) },
          { endpoint, times },
        ),
    ),
    clearFaults: control(noInput, () => kernel.faults.clear()),
  };
}

/** Webhook mischief, for any simulator that sends webhooks through a {@link WebhookSender}. */
export function webhookControls(sender: WebhookSender) {
  return {
    dropNextWebhook: control(noInput, () => sender.dropNext()),
    duplicateNextWebhook: control(noInput, () => sender.duplicateNext()),
    /** The next webhook arrives after the one that follows it (e.g. `processing` after `completed`). */
    reorderNextWebhooks: control(noInput, () => sender.reorderNext()),
  };
}

/** The controls of a simulator with one webhook URL (Lumo, ArdorQR, the merchant API). */
export function commonControls(
  kernel: SimKernel,
  sender: WebhookSender,
  setWebhookUrl: (url: string | null) => void,
) {
  return {
    ...faultControls(kernel),
    ...webhookControls(sender),
    setWebhookUrl: control(z.strictObject({ url: webhookUrl }), ({ url }) => setWebhookUrl(url)),
  };
}
