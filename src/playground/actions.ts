import { z } from "zod";
import { PhotoDecodeError, type TelegramEmulator } from "../sandbox/telegram/index.js";
import { PageError } from "./http.js";
import type { PlaygroundPerson } from "./people.js";
import type { SamplePhoto } from "./samples.js";

/** What a person does on the page, done through the emulator exactly as a Telegram client would. */

/** Telegram's limit for a file a bot may download: a larger upload could never reach the bot. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const UPLOAD_TOO_LARGE = "Файл больше 20 МБ — бот не сможет его скачать";

const MAX_TEXT_LENGTH = 4096;

const textInput = z.object({
  text: z
    .string()
    .trim()
    .min(1, "Пустое сообщение")
    .max(MAX_TEXT_LENGTH, `Сообщение длиннее ${MAX_TEXT_LENGTH} символов`),
});

const pressInput = z.object({
  messageId: z.number().int().positive(),
  data: z.string().min(1).max(64),
});

const uploadQuery = z.object({
  kind: z.enum(["photo", "document"], { error: "kind: photo или document" }),
  name: z.string().trim().min(1).max(255).default("file"),
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new PageError(400, parsed.error.issues[0]?.message ?? "Неверный запрос");
  return parsed.data;
}

export async function sendText(person: PlaygroundPerson, input: unknown): Promise<void> {
  await person.user.sendText(parse(textInput, input).text);
}

/** Presses an inline button; a message gone or changed since the page drew it is a conflict. */
export async function pressButton(person: PlaygroundPerson, input: unknown): Promise<void> {
  const { messageId, data } = parse(pressInput, input);
  try {
    await person.user.pressButton(messageId, data);
  } catch (err) {
    throw new PageError(409, `Кнопка больше не действует: ${(err as Error).message}`);
  }
}

export async function sendSample(person: PlaygroundPerson, sample: SamplePhoto): Promise<void> {
  await person.user.sendPhoto(sample.bytes);
}

/**
 * A file from the picker or a drop: pictures go as photos (Telegram re-encodes them), anything else
 * as a document. A "photo" that is not a picture is refused rather than sent broken.
 */
export async function sendUpload(
  person: PlaygroundPerson,
  query: URLSearchParams,
  bytes: Buffer,
  mimeType: string | undefined,
): Promise<void> {
  const { kind, name } = parse(uploadQuery, Object.fromEntries(query));
  if (bytes.length === 0) throw new PageError(400, "Пустой файл");
  if (kind === "document") {
    await person.user.sendDocument(bytes, { fileName: name, ...(mimeType ? { mimeType } : {}) });
    return;
  }
  try {
    await person.user.sendPhoto(bytes);
  } catch (err) {
    if (err instanceof PhotoDecodeError)
      throw new PageError(415, "Это не изображение — отправьте его файлом");
    throw err;
  }
}

/** A file anyone sent in the chat, for the page to show or download. */
export function fileContent(
  tg: TelegramEmulator,
  fileId: string,
): { bytes: Buffer; type: string; name?: string } {
  const file = tg.file(fileId);
  if (!file) throw new PageError(404, "Файла нет");
  if (file.kind === "photo") return { bytes: file.bytes, type: "image/jpeg" };
  return { bytes: file.bytes, type: "application/octet-stream", name: file.fileName ?? "file" };
}
