import type { Params } from "./params.js";
import type { BotState, World } from "./state.js";
import type { WebhookSender } from "./webhook.js";

/** What a method handler can reach. */
export interface CallContext {
  world: World;
  webhooks: WebhookSender;
  bot: BotState;
  params: Params;
  /** Aborted when the client goes away (a long poll cancelled by the bot). */
  signal: AbortSignal;
}

/** Implements one Bot API method: returns the `result`, or throws an ApiError. */
export type Handler = (ctx: CallContext) => unknown;

/** A result with the extra `description` some methods return ("Webhook was set"). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}
