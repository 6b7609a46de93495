import { randomBytes, randomInt } from "node:crypto";
import type { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import type { Chat, MenuButton, ReplyKeyboardMarkup, Update, User } from "grammy/types";
import { callMethod } from "./api.js";
import { type ArchivedFile, archiveChat, archiveFile, type ChatArchive, restoreChat } from "./archive.js";
import type {
  BotDefinition,
  BotScoped,
  CreateGroupInput,
  CreateUserInput,
  GroupHandle,
  TelegramEmulator,
  TelegramEmulatorOptions,
} from "./contract.js";
import { EventLog } from "./events.js";
import { createApiServer } from "./server.js";
import { type BotGroupStatus, BotState, type GroupMemberStatus, World } from "./state.js";
import type {
  ApiCall,
  BotInfo,
  CallbackAnswer,
  ChatMessage,
  CommandsEntry,
  EmulatorEvent,
  EmulatorEventMap,
  Fault,
  FileContent,
  WebhookState,
} from "./types.js";
import { deliverable } from "./updates.js";
import { type BotRef, type ChatRef, chatIdOf, EmulatedUser, type UserHandle } from "./users.js";
import { effectiveMenuButton } from "./web-apps.js";
import { WebhookSender } from "./webhook.js";

/** Real bot tokens look like this; so must ours. */
export const BOT_TOKEN_PATTERN = /^\d+:[A-Za-z0-9_-]{20,}$/;

export async function startTelegramEmulator(
  options: TelegramEmulatorOptions = {},
): Promise<TelegramEmulator> {
  const events = new EventLog(options.now ?? Date.now, options.historyLimit ?? 10_000, options.logger);
  const world = new World(
    {
      now: options.now ?? Date.now,
      strictHtml: options.strictHtml ?? true,
      photo: options.photo ?? {},
      callbackQueryTtlMs: options.callbackQueryTtlMs ?? 15 * 60_000,
      allowHttpWebApps: options.allowHttpWebApps ?? false,
      historyLimit: options.historyLimit ?? 10_000,
      logger: options.logger,
    },
    events,
  );
  const definitions = options.bots ?? (options.tokens ?? [generateToken()]).map((token) => ({ token }));
  if (definitions.length === 0) throw new Error("the Telegram emulator needs at least one bot token");
  for (const definition of definitions) {
    const bot = createBot(definition);
    if (world.bots.has(bot.id)) throw new Error(`two tokens for the same bot id ${bot.id}`);
    world.bots.set(bot.id, bot);
  }

  const webhooks: WebhookSender = new WebhookSender(world, options.webhook ?? {}, (bot, method, params) =>
    callMethod({ world, webhooks }, bot, method, params, { via: "webhookReply" }),
  );
  const server = createApiServer(
    { world, webhooks },
    { maxBodyBytes: options.maxBodyBytes ?? 50 * 1024 * 1024 },
  );
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const apiRoot = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return new Emulator(world, events, webhooks, server, apiRoot);
}

function generateToken(): string {
  return `${randomInt(1_000_000_000, 9_999_999_999)}:AA${randomBytes(25).toString("base64url")}`;
}

function createBot(definition: BotDefinition): BotState {
  const token = definition.token ?? generateToken();
  if (!BOT_TOKEN_PATTERN.test(token)) {
    throw new Error("a bot token must look like a real one: <digits>:<20+ characters of [A-Za-z0-9_-]>");
  }
  const id = Number(token.slice(0, token.indexOf(":")));
  return new BotState(token, {
    id,
    is_bot: true,
    first_name: definition.firstName ?? "Emulated Bot",
    username: definition.username ?? `emulated_${id}_bot`,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  } as BotInfo);
}

class Emulator implements TelegramEmulator {
  readonly token: string;
  readonly bot: BotInfo;
  readonly bots: readonly BotInfo[];
  private closed = false;

  constructor(
    private readonly world: World,
    private readonly log: EventLog,
    private readonly webhooks: WebhookSender,
    private readonly server: ReturnType<typeof createApiServer>,
    readonly apiRoot: string,
  ) {
    const first = [...world.bots.values()][0]!;
    this.token = first.token;
    this.bot = structuredClone(first.info);
    this.bots = [...world.bots.values()].map((b) => structuredClone(b.info));
  }

  get events(): EventEmitter<EmulatorEventMap> {
    return this.log.emitter;
  }

  createUser(input: CreateUserInput): UserHandle {
    const id = input.id ?? this.world.allocateUserId();
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new Error(`a user id must be a positive integer, got ${id}`);
    if (this.world.users.has(id) || this.world.bots.has(id))
      throw new Error(`user id ${id} is already taken`);
    const user: User = { id, is_bot: false, first_name: input.first_name };
    if (input.last_name !== undefined) user.last_name = input.last_name;
    if (input.username !== undefined) user.username = input.username;
    if (input.language_code !== undefined) user.language_code = input.language_code;
    if (input.is_premium) user.is_premium = true;
    this.world.users.set(id, user);
    return new EmulatedUser(
      { world: this.world, resolveBot: (ref) => this.resolveBot(ref) },
      structuredClone(user),
    );
  }

  createGroup(input: CreateGroupInput): GroupHandle {
    const { world } = this;
    const id = world.allocateGroupId();
    const creator = input.creator ?? input.members[0];
    const members = new Map<number, GroupMemberStatus>();
    for (const member of input.members) members.set(member.id, "member");
    for (const admin of input.admins ?? []) members.set(admin.id, "administrator");
    if (creator) members.set(creator.id, "creator");
    const botStatus = input.botStatus ?? "member";
    const group = {
      id,
      title: input.title,
      username: input.username,
      members,
      bots: new Map([...world.bots.keys()].map((botId) => [botId, botStatus as BotGroupStatus])),
    };
    world.groups.set(id, group);
    return {
      id,
      title: input.title,
      chat: world.chat(id) as Chat.SupergroupChat,
      addMember: (user, status = "member") => void group.members.set(user.id, status),
      removeMember: (user) => void group.members.delete(user.id),
      setBotStatus: (status, options = {}) => void group.bots.set(this.resolveBot(options.bot).id, status),
    };
  }

  calls(method?: string, options: BotScoped = {}): ApiCall[] {
    const botId = options.bot === undefined ? undefined : this.resolveBot(options.bot).id;
    const wanted = method?.toLowerCase();
    return this.world.calls.filter(
      (c) =>
        (wanted === undefined || c.method.toLowerCase() === wanted) &&
        (botId === undefined || c.botId === botId),
    );
  }

  chatMessages(chat: ChatRef, options: BotScoped = {}): ChatMessage[] {
    const bot = this.resolveBot(options.bot);
    return this.world.messages(bot, chatIdOf(chat)).map((m) => this.world.snapshot(m));
  }

  botMessages(chat: ChatRef, options: BotScoped = {}): ChatMessage[] {
    return this.chatMessages(chat, options).filter((m) => m.from === "bot");
  }

  chatMessage(chat: ChatRef, messageId: number, options: BotScoped = {}): ChatMessage | undefined {
    const stored = this.world.message(this.resolveBot(options.bot), chatIdOf(chat), messageId);
    return stored && this.world.snapshot(stored);
  }

  file(fileId: string): FileContent | undefined {
    const stored = this.world.files.get(fileId);
    if (!stored) return undefined;
    const content: FileContent = { kind: stored.kind, bytes: Buffer.from(stored.bytes) };
    if (stored.fileName !== undefined) content.fileName = stored.fileName;
    if (stored.mimeType !== undefined) content.mimeType = stored.mimeType;
    if (stored.width !== undefined && stored.height !== undefined) {
      content.width = stored.width;
      content.height = stored.height;
    }
    return content;
  }

  callbackAnswer(queryId: string): CallbackAnswer | undefined {
    const answer = this.world.callbackQueries.get(queryId)?.answer;
    return answer && { ...answer };
  }

  commands(options: BotScoped = {}): CommandsEntry[] {
    return structuredClone([...this.resolveBot(options.bot).commands.values()]);
  }

  webhook(options: BotScoped = {}): WebhookState | undefined {
    const bot = this.resolveBot(options.bot);
    const hook = bot.webhook;
    if (!hook) return undefined;
    const state: WebhookState = {
      url: hook.url,
      max_connections: hook.maxConnections,
      pending_update_count: deliverable(this.world, bot).length,
      delivered: hook.delivered,
    };
    if (hook.secretToken !== undefined) state.secret_token = hook.secretToken;
    if (bot.allowedUpdates) state.allowed_updates = [...bot.allowedUpdates];
    if (hook.lastErrorDate !== undefined) state.last_error_date = hook.lastErrorDate;
    if (hook.lastErrorMessage !== undefined) state.last_error_message = hook.lastErrorMessage;
    return state;
  }

  replyKeyboard(chat: ChatRef, options: BotScoped = {}): ReplyKeyboardMarkup | undefined {
    return structuredClone(this.resolveBot(options.bot).replyKeyboards.get(chatIdOf(chat)));
  }

  menuButton(chat?: ChatRef, options: BotScoped = {}): MenuButton {
    const bot = this.resolveBot(options.bot);
    return structuredClone(effectiveMenuButton(bot, chat === undefined ? undefined : chatIdOf(chat)));
  }

  pendingUpdates(options: BotScoped = {}): Update[] {
    return structuredClone(deliverable(this.world, this.resolveBot(options.bot)));
  }

  isPolling(options: BotScoped = {}): boolean {
    return this.resolveBot(options.bot).poll !== undefined;
  }

  archiveChat(chat: ChatRef, options: BotScoped & { keepLast?: number } = {}): ChatArchive {
    return archiveChat(this.world, this.resolveBot(options.bot), chatIdOf(chat), options);
  }

  restoreChat(archive: ChatArchive, options: BotScoped = {}): void {
    restoreChat(this.world, this.resolveBot(options.bot), archive);
  }

  archiveFile(fileId: string): ArchivedFile | undefined {
    return archiveFile(this.world, fileId);
  }

  restoreFile(file: ArchivedFile): void {
    this.world.files.restore(file);
  }

  mark(): number {
    return this.log.mark();
  }

  eventsSince(mark: number): EmulatorEvent[] {
    return this.log.since(mark);
  }

  subscribe(listener: (event: EmulatorEvent) => void): () => void {
    return this.log.subscribe(listener);
  }

  failNext(method: string, fault: Fault, options: BotScoped & { times?: number } = {}): void {
    const bot = this.resolveBot(options.bot);
    const key = method.toLowerCase();
    const queue = bot.faults.get(key) ?? [];
    for (let i = 0; i < (options.times ?? 1); i++) queue.push({ ...fault });
    bot.faults.set(key, queue);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.webhooks.stopAll();
    for (const bot of this.world.bots.values()) bot.poll?.release();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private resolveBot(ref: BotRef | undefined): BotState {
    const bots = [...this.world.bots.values()];
    if (ref === undefined) return bots[0]!;
    const found = bots.find((b) =>
      typeof ref === "number"
        ? b.id === ref
        : b.token === ref || b.info.username.toLowerCase() === ref.toLowerCase().replace(/^@/, ""),
    );
    if (!found)
      throw new Error(
        `the emulator serves no bot ${typeof ref === "number" ? ref : "with that token or username"}`,
      );
    return found;
  }
}
