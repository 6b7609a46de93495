import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorEvent, TelegramEmulator } from "../sandbox/telegram/index.js";
import type { PersonKey, PlaygroundPeople } from "./people.js";
import { type ViewControls, type ViewMessage, viewOf, viewOfChatMessage } from "./view.js";

/** What the page receives over Server-Sent Events, each tagged with the emulator's event number. */
export type LiveEvent =
  /** A new or edited message (the user's own ones too): replace by id or append. */
  | { type: "message"; person: PersonKey; message: ViewMessage }
  | { type: "delete"; person: PersonKey; id: number }
  /** The bot's answer to a button press. */
  | { type: "toast"; person: PersonKey; text: string; alert: boolean }
  | { type: "typing"; person: PersonKey }
  /** The reply keyboard or the menu button changed: what the chat's input area shows now. */
  | { type: "controls"; person: PersonKey; controls: ViewControls }
  /** The page's state is older than what the server remembers: load it again. */
  | { type: "reset" };

const KEEPALIVE_MS = 15_000;

/**
 * Turns the emulator's event log into what the page shows: bot messages, edits, deletions, the
 * people's own messages (from the updates the bot receives), button answers and "typing…".
 * Only the playground people's private chats are shown.
 */
export class LiveFeed {
  /** Tells this run's event numbers from an earlier run's, which a page may still hold. */
  readonly run = randomUUID();
  private readonly byChat: Map<number, PersonKey>;
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly tg: TelegramEmulator,
    private readonly people: PlaygroundPeople,
  ) {
    this.byChat = new Map(Object.values(people).map((p) => [p.id, p.key]));
  }

  /** Every person's conversation now, and the event number to follow it from. */
  snapshot(): { run: string; seq: number; chats: Record<PersonKey, ViewMessage[]> } {
    const seq = this.tg.mark();
    const chats = Object.fromEntries(
      Object.values(this.people).map((p) => [
        p.key,
        this.tg
          .chatMessages(p.id)
          .filter((m) => !m.deleted)
          .map(viewOfChatMessage),
      ]),
    ) as Record<PersonKey, ViewMessage[]>;
    return { run: this.run, seq, chats };
  }

  /** Each person's reply keyboard and menu button, as the emulator holds them now. */
  controls(): Record<PersonKey, ViewControls> {
    return Object.fromEntries(
      Object.values(this.people).map((p) => [p.key, this.controlsOf(p.id)]),
    ) as Record<PersonKey, ViewControls>;
  }

  private controlsOf(chatId: number): ViewControls {
    const keyboard = this.tg.replyKeyboard(chatId)?.keyboard ?? [];
    const menu = this.tg.menuButton(chatId);
    return {
      keyboard: keyboard.map((row) =>
        row.map((b) =>
          typeof b === "string" ? { text: b, webApp: false } : { text: b.text, webApp: "web_app" in b },
        ),
      ),
      ...(menu.type === "web_app" ? { menu: { text: menu.text } } : {}),
    };
  }

  private translate(event: EmulatorEvent): LiveEvent[] {
    if (event.type === "call") {
      if (event.call.method.toLowerCase() !== "setchatmenubutton" || !event.call.outcome?.ok) return [];
      return Object.values(this.people).map((p) => ({
        type: "controls" as const,
        person: p.key,
        controls: this.controlsOf(p.id),
      }));
    }
    const one = this.translateOne(event);
    if (!one) return [];
    if (event.type !== "message" || one.type !== "message") return [one];
    const markup = event.message.replyMarkup;
    const changesInput = markup !== undefined && ("keyboard" in markup || "remove_keyboard" in markup);
    return changesInput
      ? [one, { type: "controls", person: one.person, controls: this.controlsOf(event.chatId) }]
      : [one];
  }

  private translateOne(event: EmulatorEvent): LiveEvent | undefined {
    switch (event.type) {
      case "message":
      case "edit": {
        const person = this.byChat.get(event.chatId);
        return person && { type: "message", person, message: viewOfChatMessage(event.message) };
      }
      case "delete": {
        const person = this.byChat.get(event.chatId);
        return person && { type: "delete", person, id: event.message.messageId };
      }
      case "update": {
        const message = event.update.message;
        const person = event.chatId === undefined ? undefined : this.byChat.get(event.chatId);
        if (!person || !message || message.from?.id !== event.chatId) return undefined;
        return { type: "message", person, message: viewOf(message, "user") };
      }
      case "callbackAnswer": {
        const person = event.chatId === undefined ? undefined : this.byChat.get(event.chatId);
        if (!person || !event.answer.text) return undefined;
        return { type: "toast", person, text: event.answer.text, alert: event.answer.show_alert === true };
      }
      case "chatAction": {
        const person = this.byChat.get(event.chatId);
        return person && { type: "typing", person };
      }
      default:
        return undefined;
    }
  }

  /**
   * Streams events after `since` (or the browser's Last-Event-ID after a reconnect). When the page
   * is behind what the log still holds, or comes from an earlier run, it is told to reload.
   */
  stream(req: IncomingMessage, res: ServerResponse, position: { run: string; since: number }): void {
    const { since } = position;
    const lastId = Number(req.headers["last-event-id"]);
    const from = Number.isSafeInteger(lastId) && lastId >= 0 ? lastId : since;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write("retry: 1000\n\n");
    this.open.add(res);

    const send = (event: EmulatorEvent) => {
      for (const live of this.translate(event))
        res.write(`id: ${event.seq}\nevent: ${live.type}\ndata: ${JSON.stringify(live)}\n\n`);
    };
    const backlog = this.tg.eventsSince(from);
    const behind =
      position.run !== this.run ||
      from > this.tg.mark() ||
      (backlog.length > 0 && backlog[0]!.seq > from + 1);
    if (behind) res.write(`event: reset\ndata: ${JSON.stringify({ type: "reset" })}\n\n`);
    else for (const event of backlog) send(event);

    const unsubscribe = this.tg.subscribe(send);
    const keepalive = setInterval(() => res.write(": keepalive\n\n"), KEEPALIVE_MS);
    const close = () => {
      clearInterval(keepalive);
      unsubscribe();
      this.open.delete(res);
    };
    res.on("close", close);
  }

  /** Ends every open stream (shutdown). */
  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
