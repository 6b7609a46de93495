import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ViewMessage } from "../../src/playground/view.js";
import {
  openFeed,
  type PageState,
  pageApi,
  plain,
  startTestPlayground,
  type TestPlayground,
} from "../support/playground.js";
import { deleteByPrefix, type TestRedis, testRedis, uniquePrefix } from "../support/redis.js";

const isCard = (m: ViewMessage) => m.from === "bot" && /Оплата по QR/.test(plain(m.text));
const payButton = (m: ViewMessage) => m.buttons.flat().find((b) => /Оплатить/.test(b.text));

describe("the playground over HTTP (in-memory storage)", () => {
  let pg: TestPlayground;
  let api: ReturnType<typeof pageApi>;
  let state: () => Promise<PageState>;

  beforeAll(async () => {
    pg = await startTestPlayground({ storage: "memory" });
    api = pageApi(pg.url);
    state = () => api.get<PageState>("/api/state");
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
  });

  /** Sends the sharp SBP sample as `person` and waits for the quote card with its Pay button. */
  async function quoteCard(person: string) {
    const feed = await openFeed(pg.url, await state());
    try {
      expect((await api.post(`/api/people/${person}/sample/sbp`)).status).toBe(200);
      await feed.message(person, (m) => m.from === "user" && m.photo !== undefined, "the photo echoed");
      const card = await feed.message(person, (m) => isCard(m) && !!payButton(m), "the quote card");
      return { feed, card };
    } catch (err) {
      feed.close();
      throw err;
    }
  }

  it("serves the page with a strict CSP, and says that nothing is kept without Redis", async () => {
    const page = await fetch(pg.url);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain("Данные не сохраняются");
    const s = await state();
    expect(s.storage).toBe("memory");
    expect(s.people.map((p) => p.key)).toEqual(["admin", "payer", "stranger"]);
    expect(s.samples.map((x) => x.id)).toEqual(["sbp", "sbp-blurred", "website", "no-code", "gost"]);
    expect(pg.logs.join("")).toContain("data is kept in memory");
    expect((await fetch(`${pg.url}/api/samples/sbp.jpg`)).headers.get("content-type")).toBe("image/jpeg");
  });

  it("has a favicon: linked from the page and served at /favicon.ico too", async () => {
    expect(await (await fetch(pg.url)).text()).toContain('<link rel="icon" href="/favicon.svg"');
    for (const path of ["/favicon.svg", "/favicon.ico"]) {
      const icon = await fetch(`${pg.url}${path}`);
      expect(icon.status).toBe(200);
      expect(icon.headers.get("content-type")).toBe("image/svg+xml");
      expect(await icon.text()).toMatch(/^<svg [^>]*viewBox="0 0 32 32"/);
    }
  });

  it("takes money in: /receive 1500, the customer pays in the sandbox panel, the card turns ✅", async () => {
    const feed = await openFeed(pg.url, await state());
    try {
      const option = (m: ViewMessage, label: RegExp) => {
        const button = m.buttons.flat().find((b) => label.test(b.text));
        return button && "data" in button ? button : undefined;
      };
      expect((await api.post("/api/people/payer/text", { text: "/receive 1500" })).status).toBe(200);
      const way = await feed.message("payer", (m) => !!option(m, /СБП/), "the way question");
      await api.post("/api/people/payer/press", { messageId: way.id, data: option(way, /СБП/)!.data });
      const bank = await feed.message("payer", (m) => !!option(m, /Любой банк/), "the bank question");
      await api.post("/api/people/payer/press", {
        messageId: bank.id,
        data: option(bank, /Любой банк/)!.data,
      });
      const card = await feed.message(
        "payer",
        (m) => /Ждём оплату/.test(plain(m.text)),
        "the requisites card",
      );
      expect(plain(card.text)).toMatch(/Телефон: \+7/);
      expect((await state()) as unknown as { receive: { waiting: number }[] }).toMatchObject({
        receive: [{ name: "meridian", waiting: 1 }, { name: "merchant" }],
      });
      const paid = await api.post("/api/receive/meridian", { action: "paid" });
      expect(paid.status).toBe(200);
      expect(((await paid.json()) as { message: string }).message).toContain("клиент оплатил");
      await feed.message(
        "payer",
        (m) => m.id === card.id && /✅ Получено 1.500,00.₽/.test(plain(m.text)),
        "the card turned ✅",
        3_000,
      );
      const nothing = await api.post("/api/receive/merchant", { action: "paid" });
      expect(nothing.status).toBe(400);
    } finally {
      feed.close();
    }
  });

  it("tops up through the exchanger, loses the IPN on purpose, and still ends ✅ «Баланс пополнен»", async () => {
    const feed = await openFeed(pg.url, await state());
    try {
      const button = (m: ViewMessage, label: RegExp) => {
        const found = m.buttons.flat().find((b) => label.test(b.text));
        return found && "data" in found ? found : undefined;
      };
      const press = (m: ViewMessage, label: RegExp) =>
        api.post("/api/people/admin/press", { messageId: m.id, data: button(m, label)!.data });
      expect((await api.post("/api/people/admin/text", { text: "/topup 30000" })).status).toBe(200);
      const which = await feed.message("admin", (m) => !!button(m, /ArdorQR/), "the provider question");
      await press(which, /ArdorQR/);
      const preview = await feed.message("admin", (m) => !!button(m, /Создать заявку/), "the preview");
      await press(preview, /Создать заявку/);
      const card = await feed.message("admin", (m) => !!button(m, /Оплата отправлена/), "the order card");
      const page = card.buttons.flat().find((b) => "url" in b);
      expect(page && "url" in page ? page.url : "").toMatch(
        new RegExp(`^${pg.url}/exchanger/ru/payment/\\d+/`),
      );
      expect((await fetch(page && "url" in page ? page.url : "")).status).toBe(200);
      await press(card, /Оплата отправлена/);
      await feed.message("admin", (m) => m.id === card.id && /меняет рубли/.test(plain(m.text)), "paid");
      expect((await api.post("/api/exchange", { action: "dropIpn" })).status).toBe(200);
      expect((await api.post("/api/exchange", { action: "payout" })).status).toBe(200);
      await feed.message(
        "admin",
        (m) => m.id === card.id && /Баланс пополнен/.test(plain(m.text)),
        "credited",
        15_000,
      );
    } finally {
      feed.close();
    }
  });

  it("made the payer a member through the bot's invite, as people would", async () => {
    const { chats } = await state();
    const admin = chats.admin!.map((m) => plain(m.text));
    expect(admin).toContain("/invite payer");
    const link = admin.find((t) => /start=[\w-]+/.test(t));
    const token = /start=([\w-]+)/.exec(link ?? "")?.[1];
    expect(token).toBeTruthy();
    const payer = chats.payer!.map((m) => plain(m.text));
    expect(payer).toContain(`/start ${token}`);
    expect(payer.some((t) => t.includes("Добро пожаловать"))).toBe(true);
  });

  it("a sample SBP photo gets a quote card; Pay turns it ✅ with no further click", async () => {
    const { feed, card } = await quoteCard("payer");
    try {
      expect(card.buttons.flat().map((b) => b.text)).toEqual(
        expect.arrayContaining([expect.stringMatching(/Оплатить/), expect.stringMatching(/Отмена/)]),
      );
      const pay = payButton(card) as { data: string };
      expect((await api.post("/api/people/payer/press", { messageId: card.id, data: pay.data })).status).toBe(
        200,
      );
      await feed.toast("payer", "the answer to Pay");
      const done = await feed.message(
        "payer",
        (m) => m.id === card.id && /✅/.test(plain(m.text)) && m.buttons.length === 0,
        "the card edited to ✅",
        8_000,
      );
      expect(done.edited).toBe(true);
    } finally {
      feed.close();
    }
  });

  it("the panel's “next payment fails” ends the next payment ❌", async () => {
    const answer = await api.post("/api/panel/lumo", { action: "failNextPayment" });
    expect(answer.status).toBe(200);
    const panel = (await answer.json()) as PageState;
    expect(panel.providers.find((p) => p.name === "lumo")?.failuresPlanned).toBe(1);

    const { feed, card } = await quoteCard("payer");
    try {
      const pay = payButton(card) as { data: string };
      await api.post("/api/people/payer/press", { messageId: card.id, data: pay.data });
      await feed.message(
        "payer",
        (m) => m.id === card.id && /❌/.test(plain(m.text)),
        "the card edited to ❌",
      );
    } finally {
      feed.close();
    }
    const after = await api.get<PageState>("/api/panel");
    expect(after.providers.find((p) => p.name === "lumo")?.failuresPlanned).toBe(0);
  });

  it("the panel sets a balance, and refuses one that is not an amount", async () => {
    const set = await api.post("/api/panel/ardor", { action: "balance", amount: "2 500,50" });
    expect(set.status).toBe(200);
    expect(pg.ardor.state.balanceMinor).toBe(250_050);
    // The field shows the label's format (Баланс, ₽ · 2 500,50), and that text is read back as is.
    const ardor = (await state()).providers.find((p) => p.name === "ardor")!;
    expect([ardor.balanceInput, ardor.unit]).toEqual(["2\u00a0500,50", "₽"]);
    expect(
      (await api.post("/api/panel/ardor", { action: "balance", amount: ardor.balanceInput })).status,
    ).toBe(200);
    expect(pg.ardor.state.balanceMinor).toBe(250_050);
    const bad = await api.post("/api/panel/ardor", { action: "balance", amount: "много" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/рубл/);
  });

  it("the stranger is refused with their Telegram ID and whom to ask", async () => {
    const s = await state();
    const feed = await openFeed(pg.url, s);
    try {
      await api.post("/api/people/stranger/sample/sbp");
      const refusal = await feed.message("stranger", (m) => m.from === "bot", "the refusal");
      const text = plain(refusal.text);
      expect(text).toContain("Ваш Telegram ID");
      expect(text).toContain("администратору");
      expect(text).toContain(String(s.people.find((p) => p.key === "stranger")?.id));
    } finally {
      feed.close();
    }
  });

  it("markup in a message comes back as text, never as elements", async () => {
    const feed = await openFeed(pg.url, await state());
    const attack = `<script>alert("x")</script><img src=x onerror=alert(1)> <b>жирный?</b>`;
    try {
      expect((await api.post("/api/people/payer/text", { text: attack })).status).toBe(200);
      const echoed = await feed.message("payer", (m) => m.from === "user", "the message echoed");
      expect(echoed.text).toEqual([attack]);
      await feed.message("payer", (m) => m.from === "bot", "the bot's answer");
    } finally {
      feed.close();
    }
    const page = await (await fetch(pg.url)).text();
    expect(page).not.toContain("alert");
  });

  it("uploads: a picture goes as a photo, other files as documents; wrong or huge files are refused", async () => {
    const png = await sharp({
      create: { width: 64, height: 48, channels: 3, background: "#3a7" },
    })
      .png()
      .toBuffer();
    const photo = await api.post("/api/people/payer/upload?kind=photo&name=a.png", undefined, {
      raw: png,
      headers: { "content-type": "image/png" },
    });
    expect(photo.status).toBe(200);

    const notImage = await api.post("/api/people/payer/upload?kind=photo&name=a.png", undefined, {
      raw: Buffer.from("not a picture at all"),
      headers: { "content-type": "image/png" },
    });
    expect(notImage.status).toBe(415);
    expect(((await notImage.json()) as { error: string }).error).toMatch(/не изображение/);

    const doc = await api.post(
      "/api/people/payer/upload?kind=document&name=%D1%87%D0%B5%D0%BA.txt",
      undefined,
      {
        raw: Buffer.from("hello"),
        headers: { "content-type": "text/plain" },
      },
    );
    expect(doc.status).toBe(200);
    const { chats } = await state();
    const sent = chats.payer!.filter((m) => m.from === "user").at(-1);
    expect(sent?.document?.name).toBe("чек.txt");
    const download = await fetch(`${pg.url}/api/files/${sent?.document?.fileId}`);
    expect(download.headers.get("content-type")).toBe("application/octet-stream");
    expect(download.headers.get("content-disposition")).toContain("attachment");

    const huge = await api.post("/api/people/payer/upload?kind=photo&name=big.jpg", undefined, {
      raw: Buffer.alloc(21 * 1024 * 1024),
      headers: { "content-type": "image/jpeg" },
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: string }).error).toMatch(/20 МБ/);
  });

  it("refuses posts that do not come from the page, and unknown people", async () => {
    const forged = await fetch(`${pg.url}/api/people/payer/text`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ text: "/balance" }),
    });
    expect(forged.status).toBe(403);
    expect((await api.post("/api/people/nobody/text", { text: "hi" })).status).toBe(404);
    expect((await api.post("/api/people/payer/text", { text: "   " })).status).toBe(400);
  });
});

describe("the playground on Redis", () => {
  let redis: TestRedis;
  const prefix = uniquePrefix("e2e-playground");

  beforeAll(async () => {
    redis = await testRedis("e2e-playground-check");
  });
  afterAll(async () => {
    await deleteByPrefix(redis.client, prefix);
    await redis.cleanup();
  });

  it("keeps the team and the chats across restarts: the payer is invited once, the paid card is still there", async () => {
    const first = await startTestPlayground({ storage: "auto", prefix });
    let card: ViewMessage;
    try {
      const api = pageApi(first.url);
      const s = await api.get<PageState>("/api/state");
      expect(s.storage).toBe("redis");
      expect(s.chats.admin!.some((m) => plain(m.text) === "/invite payer")).toBe(true);
      const feed = await openFeed(first.url, s);
      try {
        await api.post("/api/people/payer/sample/sbp");
        const quote = await feed.message("payer", (m) => isCard(m) && !!payButton(m), "the quote card");
        const pay = payButton(quote) as { data: string };
        await api.post("/api/people/payer/press", { messageId: quote.id, data: pay.data });
        card = await feed.message(
          "payer",
          (m) => m.id === quote.id && /✅/.test(plain(m.text)) && m.buttons.length === 0,
          "the card edited to ✅",
          10_000,
        );
      } finally {
        feed.close();
      }
    } finally {
      await first.stop();
    }
    expect(await redis.client.exists(`${prefix}:chatlog:v1:${first.people.payer.id}`)).toBe(1);

    const second = await startTestPlayground({ storage: "auto", prefix });
    try {
      const { chats } = await pageApi(second.url).get<PageState>("/api/state");
      // The invitation from the first run is shown once: restored, not repeated.
      expect(chats.admin!.filter((m) => plain(m.text) === "/invite payer")).toHaveLength(1);
      expect(second.logs.join("")).toContain("already-member");
      expect(second.logs.join("")).toContain("the chats of the last run are back");
      // The administrator's /start of this run follows the restored messages.
      const adminIds = chats.admin!.map((m) => m.id);
      expect(adminIds).toEqual([...adminIds].sort((a, b) => a - b));
      expect(new Set(adminIds).size).toBe(adminIds.length);
      const kept = chats.payer!.find((m) => m.id === card.id);
      expect(kept && plain(kept.text)).toBe(plain(card.text));
      expect(kept?.edited).toBe(true);
      const photo = chats.payer!.filter((m) => m.photo).at(-1)?.photo;
      expect(photo).toBeDefined();
      const picture = await fetch(`${second.url}/api/files/${photo!.fileId}`);
      expect([picture.status, picture.headers.get("content-type")]).toEqual([200, "image/jpeg"]);
    } finally {
      await second.stop();
    }
  }, 90_000);
});
