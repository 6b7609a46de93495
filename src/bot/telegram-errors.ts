import { GrammyError } from "grammy";

/** Editing to the same content: the card already shows what we wanted. */
export const isNotModified = (err: unknown) =>
  err instanceof GrammyError && err.error_code === 400 && err.description.includes("message is not modified");

/** The message is gone (deleted by a person) or cannot be edited any more: nothing left to update. */
export const isMessageGone = (err: unknown) =>
  err instanceof GrammyError &&
  err.error_code === 400 &&
  /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/.test(err.description);

/** The person blocked the bot or never started it; retrying will not help. */
export const isUnreachable = (err: unknown) =>
  err instanceof GrammyError && (err.error_code === 403 || /chat not found/.test(err.description));
