import { describe, expect, it } from "vitest";
import { parseCsv, toCsv } from "../../src/lib/csv.js";
import { dayOf, dayStart, nextDay, parseDay } from "../../src/lib/time-zone.js";

describe("time zones", () => {
  it("names the company's day and finds when it starts", () => {
    // 23:30 UTC on 22 Nov is 02:30 on 23 Nov in Moscow (UTC+3).
    const late = Date.UTC(2026, 10, 22, 23, 30);
    expect(dayOf(late, "Europe/Moscow")).toBe("2026-11-23");
    expect(dayOf(late, "UTC")).toBe("2026-11-22");
    expect(dayStart("2026-11-23", "Europe/Moscow")).toBe(Date.UTC(2026, 10, 22, 21, 0));
    // Berlin switches to summer time on 29 March 2026: the day still starts at local midnight.
    expect(dayStart("2026-03-30", "Europe/Berlin")).toBe(Date.UTC(2026, 2, 29, 22, 0));
    expect(dayStart("2026-03-29", "Europe/Berlin")).toBe(Date.UTC(2026, 2, 28, 23, 0));
  });

  it("reads the dates people type", () => {
    expect(parseDay("2026-11-01")).toBe("2026-11-01");
    expect(parseDay("01.11.2026")).toBe("2026-11-01");
    for (const bad of ["2026-02-30", "32.01.2026", "1.11.2026", "yesterday"])
      expect(parseDay(bad)).toBeUndefined();
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
  });
});

describe("CSV for Excel", () => {
  it("writes a BOM, semicolons and CRLF, quotes what needs it, defuses formulas, and reads back", () => {
    const rows = [
      ["Дата", "Получатель", "Сумма"],
      ["23.11.2026 14:05", 'ООО "Кофейня; и Ко"', "5000,00"],
      ["23.11.2026 14:06", '=HYPERLINK("http://evil")', "-1,00"],
    ];
    const csv = toCsv(rows);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString("utf8")).toContain('"ООО ""Кофейня; и Ко"""');
    expect(csv.toString("utf8")).toContain("\r\n");
    const back = parseCsv(csv);
    expect(back[1]).toEqual(rows[1]);
    expect(back[2]?.[1]).toBe('\'=HYPERLINK("http://evil")');
    expect(back[2]?.[2]).toBe("'-1,00");
  });
});
