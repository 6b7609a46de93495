import type { ResponseParameters } from "grammy/types";

/** A Bot API failure: becomes `{ ok: false, error_code, description, parameters? }` with that HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
    this.name = "ApiError";
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);
export const conflict = (what: string): ApiError => new ApiError(409, `Conflict: ${what}`);
export const notFound = (): ApiError => new ApiError(404, "Not Found");
export const unauthorized = (): ApiError => new ApiError(401, "Unauthorized");

export function tooManyRequests(retryAfter: number): ApiError {
  return new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

/** The exact descriptions the real Bot API uses, so bot code matching on them behaves the same here. */
export const Errors = {
  chatNotFound: () => badRequest("chat not found"),
  cantInitiate: () => forbidden("bot can't initiate conversation with a user"),
  blocked: () => forbidden("bot was blocked by the user"),
  notMember: () => forbidden("bot is not a member of the supergroup chat"),
  textEmpty: () => badRequest("message text is empty"),
  textTooLong: () => badRequest("message is too long"),
  captionTooLong: () => badRequest("message caption is too long"),
  notModified: () =>
    badRequest(
      "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    ),
  editNotFound: () => badRequest("message to edit not found"),
  deleteNotFound: () => badRequest("message to delete not found"),
  queryInvalid: () => badRequest("query is too old and response timeout expired or query ID is invalid"),
  buttonDataInvalid: () => badRequest("BUTTON_DATA_INVALID"),
  fileTooBig: () => badRequest("file is too big"),
  invalidFileId: () => badRequest("invalid file_id"),
  wrongFileIdentifier: () => badRequest("wrong file identifier/HTTP URL specified"),
  pollConflict: () =>
    conflict("terminated by other getUpdates request; make sure that only one bot instance is running"),
  webhookActive: () =>
    conflict(
      "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    ),
} as const;
