import { chatMethods } from "./chats.js";
import { ApiError, notFound, tooManyRequests } from "./errors.js";
import { Described, type Handler } from "./handler.js";
import { messageMethods } from "./messages.js";
import { Params } from "./params.js";
import type { BotState, World } from "./state.js";
import type { ApiCall, CallOutcome, Fault } from "./types.js";
import { updateMethods } from "./updates.js";
import { webAppMethods } from "./web-apps.js";
import type { WebhookSender } from "./webhook.js";

export type ApiResponse =
  | { ok: true; result: unknown; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

const HANDLERS = new Map<string, Handler>(
  Object.entries({ ...messageMethods, ...chatMethods, ...updateMethods, ...webAppMethods }).map(
    ([name, h]) => [name.toLowerCase(), h],
  ),
);

export interface CallOptions {
  signal?: AbortSignal;
  via?: ApiCall["via"];
}

/** Runs one Bot API method for a bot, records it in `world.calls`, and never throws. */
export async function callMethod(
  runtime: { world: World; webhooks: WebhookSender },
  bot: BotState,
  method: string,
  params: Record<string, unknown>,
  options: CallOptions = {},
): Promise<ApiResponse> {
  const { world } = runtime;
  const call: ApiCall = { botId: bot.id, method, params, at: world.now(), via: options.via ?? "http" };
  world.recordCall(call);
  let response: ApiResponse;
  try {
    const fault = takeFault(bot, method);
    if (fault) throw fault;
    const handler = HANDLERS.get(method.toLowerCase());
    if (!handler) throw notFound();
    const signal = options.signal ?? new AbortController().signal;
    const value = await handler({ ...runtime, bot, params: new Params(params), signal });
    response =
      value instanceof Described
        ? { ok: true, result: value.result, description: value.description }
        : { ok: true, result: value };
  } catch (err) {
    response = errorResponse(err, world, method);
  }
  call.outcome = outcomeOf(response);
  world.events.emit({ type: "call", botId: bot.id, call });
  world.settings.logger?.debug(
    { botId: bot.id, method, ok: response.ok, ...(response.ok ? {} : { error: response.description }) },
    "telegram emulator: api call",
  );
  return response;
}

export function errorResponse(err: unknown, world: World, method: string): ApiResponse {
  if (err instanceof ApiError) {
    return {
      ok: false,
      error_code: err.code,
      description: err.description,
      ...(err.parameters ? { parameters: err.parameters } : {}),
    };
  }
  world.settings.logger?.error({ err, method }, "telegram emulator: method failed unexpectedly");
  return { ok: false, error_code: 500, description: `Internal Server Error: ${(err as Error).message}` };
}

function outcomeOf(response: ApiResponse): CallOutcome {
  return response.ok
    ? { ok: true }
    : { ok: false, error_code: response.error_code, description: response.description };
}

function takeFault(bot: BotState, method: string): ApiError | undefined {
  const queue = bot.faults.get(method.toLowerCase());
  const fault = queue?.shift();
  if (!fault) return undefined;
  if (queue!.length === 0) bot.faults.delete(method.toLowerCase());
  return faultError(fault);
}

export function faultError(fault: Fault): ApiError {
  if (fault.error_code === 429) {
    const retryAfter = fault.retry_after ?? 1;
    const error = tooManyRequests(retryAfter);
    return fault.description ? new ApiError(429, fault.description, error.parameters) : error;
  }
  if (fault.error_code === 500) return new ApiError(500, fault.description ?? "Internal Server Error");
  return new ApiError(fault.error_code, fault.description);
}
