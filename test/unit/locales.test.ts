import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const duplicates = new Map<string, string[]>();

/** `key = value` with indented continuation lines, as our .ftl files are written. */
function messages(file: string): Map<string, string> {
  const map = new Map<string, string>();
  const seenTwice: string[] = [];
  duplicates.set(file, seenTwice);
  let key: string | undefined;
  for (const line of readFileSync(new URL(`../../locales/${file}`, import.meta.url), "utf8").split("\n")) {
    const start = /^([A-Za-z0-9_-]+) =(.*)$/.exec(line);
    if (start) {
      key = start[1]!;
      if (map.has(key)) seenTwice.push(key);
      map.set(key, start[2]!.trim());
    } else if (key && /^\s+\S/.test(line)) {
      map.set(key, `${map.get(key)}\n${line.trim()}`);
    } else key = undefined;
  }
  return map;
}

const ru = messages("ru.ftl");
const en = messages("en.ftl");

/** Variables that hold a person's name, and messages where `$name` is no person's (a payee, a field). */
const PERSON_VARIABLES = ["name", "who", "by"];
const NOT_A_PERSON = new Set(["card-merchant", "scan-gost-field"]);

/**
 * We never know a person's gender or how their name declines, so a name stands where nothing has
 * to agree with it: after a label's colon, a dash or a list's dot («Кто одобрил: Анна Соколова»), before a colon
 * or a dash («Вера Орлова: теперь администратор»), or addressed («Добро пожаловать, Вера!»).
 */
const LABEL_BEFORE = /(?:: |— |· |\(|^|\n)$/;
const LABEL_AFTER = /^(?::| —|\)|[.!]?$|[.!]?\n)/;
const ADDRESSED = { before: /, $/, after: /^!/ };
/** Words that would have to agree with the name next to it: past-tense verbs and short participles. */
const AGREEING = /(?:^|\s)[а-яё]+(?:ал|ил|ял|ел|ла|ён|ена|ан|ана|ят|ит)(?=[\s.,!:]|$)/i;

/** Labels whose verb agrees with their own subject, never with the name after them. */
const OWN_SUBJECT = /(?:^|\s)(?:Кто|Роль)\s/i;

/**
 * The label in front of the name («Одобрил:» would agree; «Кто одобрил:» agrees with «кто», «Роль
 * изменена:» with «роль»), and the words right after it up to the sentence's end.
 */
function agrees(before: string, after: string): boolean {
  const label = before.split(/[.!?\n·]/).at(-1) ?? "";
  const labelAgrees = AGREEING.test(label) && !OWN_SUBJECT.test(label);
  return labelAgrees || AGREEING.test(after.split(/[:.!?\n]/)[0] ?? "");
}

describe("the Russian texts", () => {
  it("define each message once (a second definition would silently win)", () => {
    expect(duplicates.get("ru.ftl")).toEqual([]);
    expect(duplicates.get("en.ftl")).toEqual([]);
  });

  it("never put words in a person's mouth that agree with their gender («Я оплатил»)", () => {
    const firstPerson = /(?:^|[\s«"])Я [а-яё]+л(?:а|и)?(?=[\s.,!»"]|$)/i;
    expect([...ru].filter(([, text]) => firstPerson.test(text)).map(([key]) => key)).toEqual([]);
  });

  it("have every message in English too, and nothing English lacks", () => {
    expect([...ru.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !ru.has(k))).toEqual([]);
  });

  it("never make a word agree with a person's name", () => {
    const problems: string[] = [];
    for (const [key, text] of ru) {
      if (NOT_A_PERSON.has(key)) continue;
      for (const variable of PERSON_VARIABLES) {
        const placeholder = `{ $${variable} }`;
        let at = text.indexOf(placeholder);
        while (at >= 0) {
          const before = text.slice(0, at);
          const after = text.slice(at + placeholder.length);
          const labelled = LABEL_BEFORE.test(before) || LABEL_AFTER.test(after);
          const addressed = ADDRESSED.before.test(before) && ADDRESSED.after.test(after);
          const near = `${before.slice(-25)} ${after.slice(0, 25)}`;
          if (!labelled && !addressed)
            problems.push(`${key}: «…${near}…» — the name is not in a label's place`);
          else if (agrees(before, after)) {
            problems.push(`${key}: «…${near}…» — a word next to the name would have to agree with it`);
          }
          at = text.indexOf(placeholder, at + 1);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("say «назначен при установке», never an environment variable's name", () => {
    for (const [key, text] of [...ru, ...en])
      expect([key, text]).not.toEqual([key, expect.stringMatching(/[A-Z]{3,}_[A-Z]{2,}/)]);
  });
});
