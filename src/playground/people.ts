import type { TelegramEmulator, UserHandle } from "../sandbox/telegram/index.js";
import type { PeopleStore } from "../store/types.js";
import { nextBotMessage } from "./wait.js";

const PERSON_KEYS = ["admin", "payer", "stranger"] as const;
export type PersonKey = (typeof PERSON_KEYS)[number];

export interface PersonSpec {
  key: PersonKey;
  /** Fixed, so a playground on Redis finds the same people after a restart. */
  id: number;
  firstName: string;
  lastName: string;
  username: string;
  /** The switcher's label and a line about what this person can do (Russian, like the page). */
  label: string;
  about: string;
}

export const PEOPLE: readonly PersonSpec[] = [
  {
    key: "admin",
    id: 5_100_000_001,
    firstName: "Анна",
    lastName: "Соколова",
    username: "anna_admin",
    label: "Администратор",
    about: "Приглашает сотрудников, видит журнал и одобряет крупные платежи",
  },
  {
    key: "payer",
    id: 5_100_000_002,
    firstName: "Борис",
    lastName: "Петров",
    username: "boris_pays",
    label: "Плательщик",
    about: "Фотографирует QR-коды на кассе и оплачивает их",
  },
  {
    key: "stranger",
    id: 5_100_000_003,
    firstName: "Вера",
    lastName: "Орлова",
    username: "vera_o",
    label: "Посторонний",
    about: "Не приглашена в команду — бот ей откажет",
  },
];

export interface PlaygroundPerson extends PersonSpec {
  user: UserHandle;
}

export type PlaygroundPeople = Record<PersonKey, PlaygroundPerson>;

export function isPersonKey(value: string): value is PersonKey {
  return (PERSON_KEYS as readonly string[]).includes(value);
}

/** The three people as Telegram users of the emulator. */
export function createPeople(tg: TelegramEmulator): PlaygroundPeople {
  const entries = PEOPLE.map((spec) => {
    const user = tg.createUser({
      id: spec.id,
      first_name: spec.firstName,
      last_name: spec.lastName,
      username: spec.username,
      language_code: "ru",
    });
    return [spec.key, { ...spec, user }] as const;
  });
  return Object.fromEntries(entries) as PlaygroundPeople;
}

const INVITE_TOKEN = /start=([A-Za-z0-9_-]+)/;
const REPLY_WAIT_MS = 10_000;

/**
 * The administrator writes `/start` before the bot starts, as in a real deployment where they
 * opened the chat first: the bot then finds their chat and sets their command menu at start-up.
 * Returns the mark to wait for the answer from.
 */
export async function openAdminChat(tg: TelegramEmulator, people: PlaygroundPeople): Promise<number> {
  const since = tg.mark();
  await people.admin.user.sendText("/start");
  return since;
}

/**
 * Sets the team up the way people would, through the bot: once the administrator (in ADMIN_IDS)
 * has been greeted, they send `/invite payer`, and the payer opens the link from the answer
 * (`/start <token>`). The stranger does nothing. On Redis the payer may be a member from an
 * earlier run.
 */
export async function setUpTeam(
  tg: TelegramEmulator,
  people: PlaygroundPeople,
  options: { registered: PeopleStore; adminOpenedAt: number },
): Promise<"invited" | "already-member"> {
  const { admin, payer } = people;
  const reply = async (person: PlaygroundPerson, text: string, since: number) => {
    const answer = await nextBotMessage(tg, person.id, { since, timeoutMs: REPLY_WAIT_MS });
    if (!answer) throw new Error(`the bot did not answer ${text.split(" ")[0]} in the playground`);
    return answer;
  };
  const say = async (person: PlaygroundPerson, text: string) => {
    const since = tg.mark();
    await person.user.sendText(text);
    return reply(person, text, since);
  };

  await reply(admin, "/start", options.adminOpenedAt);
  if (await options.registered.get(payer.id)) return "already-member";
  const answer = await say(admin, "/invite payer");
  const token = INVITE_TOKEN.exec(answer.text ?? "")?.[1];
  if (!token) throw new Error("the bot answered /invite without an invite link");
  await say(payer, `/start ${token}`);
  return "invited";
}
