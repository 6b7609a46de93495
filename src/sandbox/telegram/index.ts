/**
 * A local emulator of the Telegram Bot API: the bot under test talks to it over HTTP exactly as to
 * api.telegram.org, while tests (and the playground) act as users and observe what the bot does.
 */
export type { ArchivedFile, ChatArchive } from "./archive.js";
export type {
  BotDefinition,
  BotScoped,
  CreateGroupInput,
  CreateUserInput,
  GroupHandle,
  TelegramEmulator,
  TelegramEmulatorOptions,
} from "./contract.js";
export { BOT_TOKEN_PATTERN, startTelegramEmulator } from "./emulator.js";
export { HtmlParseError, type HtmlParseOptions, parseHtml } from "./html.js";
export type { ReplyMarkup } from "./markup.js";
export type { PhotoOptions, PhotoRendition } from "./photos.js";
export { PhotoDecodeError, renderPhotoSizes } from "./photos.js";
export type {
  ApiCall,
  BotInfo,
  CallbackAnswer,
  CallbackAnswerEvent,
  CallEvent,
  CallOutcome,
  ChatActionEvent,
  ChatMessage,
  CommandsEntry,
  DeleteEvent,
  EditEvent,
  EmulatorEvent,
  EmulatorEventMap,
  EmulatorEventType,
  Fault,
  FileContent,
  MessageEvent,
  MessageVersion,
  UpdateEvent,
  UploadedFile,
  WebhookState,
} from "./types.js";
export type {
  BotRef,
  ChatRef,
  ForwardFrom,
  PressButtonOptions,
  SendDocumentOptions,
  SendPhotoOptions,
  SendTextOptions,
  UserHandle,
  UserSendOptions,
} from "./users.js";
export {
  MAX_WEB_APP_DATA_BYTES,
  type OpenOptions,
  signInitData,
  WEB_APP_VERSION,
  type WebAppLaunch,
  type WebAppSource,
} from "./web-apps.js";
export type { WebhookOptions } from "./webhook.js";
