import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Logger } from "../logger.js";
import type { TelegramEmulator } from "../sandbox/telegram/index.js";
import {
  fileContent,
  MAX_UPLOAD_BYTES,
  pressButton,
  sendSample,
  sendText,
  sendUpload,
  UPLOAD_TOO_LARGE,
} from "./actions.js";
import type { ExchangePanel } from "./exchange-panel.js";
import { PAGE_CSP, PageError, readBody, readJson, sendBytes, sendJson } from "./http.js";
import type { LiveFeed } from "./live.js";
import type { PlaygroundMiniApp } from "./miniapp.js";
import { PanelInputError, type SandboxPanel } from "./panel.js";
import { isPersonKey, PEOPLE, type PlaygroundPeople, type PlaygroundPerson } from "./people.js";
import type { ReceiveName, ReceivePanel } from "./receive-panel.js";
import type { SamplePhoto } from "./samples.js";

export interface PageDeps {
  tg: TelegramEmulator;
  people: PlaygroundPeople;
  samples: readonly SamplePhoto[];
  feed: LiveFeed;
  panel: SandboxPanel;
  receivePanel: ReceivePanel;
  exchangePanel: ExchangePanel;
  /** The Mini App scanner's panel: its page, stand-in and launches. */
  miniApp: PlaygroundMiniApp;
  /** The bot's own listener, where provider notifications sent to PUBLIC_URL go on to. */
  listenerUrl: () => string;
  /** "memory": the page shows that nothing is kept. */
  storage: "redis" | "memory";
  logger: Logger;
}

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

// The same path from src/playground (tsx) and dist/playground (the build): the page is not compiled.
const PAGE_DIR = new URL("../../src/playground/page/", import.meta.url);

const STATIC_FILES = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
} as const;

function loadPage(): Map<string, { bytes: Buffer; type: string }> {
  try {
    return new Map(
      Object.entries(STATIC_FILES).map(([path, { file, type }]) => [
        path,
        { bytes: readFileSync(new URL(file, PAGE_DIR)), type },
      ]),
    );
  } catch (err) {
    throw new Error(
      `the playground page is not at ${fileURLToPath(PAGE_DIR)}: the playground runs from a source checkout`,
      { cause: err },
    );
  }
}

/**
 * The web chat: the page, its JSON API and the live feed (SSE), on plain node:http.
 *
 *   GET  /api/state                      people, samples, panel, storage, every conversation
 *   GET  /api/panel                      the sandbox panel alone
 *   GET  /api/events?run=&since=         live updates (Server-Sent Events)
 *   GET  /api/files/<file_id>            a photo or document from a chat
 *   GET  /api/samples/<id>.jpg           a sample's thumbnail (…/<id>/full.jpg: the picture itself)
 *   POST /api/people/<who>/text|press|upload|sample/<id>
 *   POST /api/people/<who>/webapp        open a Mini App from a button (see miniapp.ts)
 *   POST /api/webapp/<launch>/data       the Mini App's Telegram.WebApp.sendData
 *   POST /api/panel/<provider>           a sandbox panel action
 *   POST /api/exchange                   the exchanger's panel action (paid, paid out…)
 *   GET  /exchanger/<lang>/payment/…     the sandbox exchanger's payment page
 *   POST /api/receive/<provider>         a receiving provider's panel action (the customer pays…)
 *   GET  /app/scan…, POST /app/scan      the bot's Mini App page; its POST goes on to the bot's listener
 *
 * POSTs need the `x-playground: 1` header: another site in the same browser cannot send it
 * without a CORS preflight, which this server never allows.
 */
export async function startPageServer(
  deps: PageDeps,
  options: { host: string; port: number },
): Promise<PageServer> {
  const page = loadPage();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://playground");
    // The Mini App's own requests: its POST carries the launch's initData, not the page's header.
    if (await deps.miniApp.handle(req, res, url)) return;
    if (req.method === "POST" && url.pathname.startsWith("/webhooks/"))
      return forwardWebhook(deps, req, res, url);
    const asset = req.method === "GET" ? page.get(url.pathname) : undefined;
    if (asset) {
      const csp: Record<string, string> = url.pathname === "/" ? { "content-security-policy": PAGE_CSP } : {};
      sendBytes(res, asset.bytes, asset.type, csp);
      return;
    }
    if (req.method === "POST" && req.headers["x-playground"] !== "1")
      throw new PageError(403, "Запрос не со страницы песочницы");
    await route(deps, req, res, url);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      req.resume();
      if (res.headersSent) return void res.end();
      if (err instanceof PageError) return sendJson(res, err.status, { error: err.message });
      deps.logger.error({ err, path: req.url }, "playground request failed");
      sendJson(res, 500, { error: "Что-то сломалось — подробности в логе" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        deps.feed.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The sandbox exchanger's "payment page": nothing to pay here. */
const EXCHANGER_PAGE = `<!doctype html><html lang="ru"><meta charset="utf-8"><title>Обменник — песочница</title>
<body style="font:16px system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>💱 Обменник (песочница)</h1><p>Здесь настоящий обменник показал бы, куда перевести рубли.
В песочнице платить не нужно: вернитесь в чат и нажмите «✅ Оплата отправлена», затем в панели — «Обменник: выплачено».</p></body></html>`;

/** Provider notifications sent to PUBLIC_URL (this page) go on to the bot's listener, as through a proxy. */
async function forwardWebhook(
  deps: PageDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const body = await readBody(req, 1024 * 1024, "Слишком большое уведомление");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string" && name !== "host" && name !== "content-length") headers[name] = value;
  }
  const answer = await fetch(`${deps.listenerUrl()}${url.pathname}`, {
    method: "POST",
    headers,
    body,
    signal: AbortSignal.timeout(15_000),
  });
  sendBytes(
    res,
    Buffer.from(await answer.arrayBuffer()),
    answer.headers.get("content-type") ?? "application/json",
    {},
    answer.status,
  );
}

function personOf(people: PlaygroundPeople, key: string | undefined): PlaygroundPerson {
  if (!key || !isPersonKey(key)) throw new PageError(404, "Нет такого человека");
  return people[key];
}

function sampleOf(samples: readonly SamplePhoto[], id: string | undefined): SamplePhoto {
  const sample = samples.find((s) => s.id === id);
  if (!sample) throw new PageError(404, "Нет такого образца");
  return sample;
}

interface Route {
  method: "GET" | "POST";
  path: RegExp;
  /** `params` are the path's capture groups. */
  run(
    params: string[],
    request: { deps: PageDeps; req: IncomingMessage; res: ServerResponse; url: URL },
  ): unknown;
}

const ok = (res: ServerResponse) => sendJson(res, 200, { ok: true });

const ROUTES: Route[] = [
  { method: "GET", path: /^\/api\/state$/, run: (_, { deps, res }) => sendJson(res, 200, state(deps)) },
  {
    method: "GET",
    path: /^\/api\/panel$/,
    run: (_, { deps, res }) =>
      sendJson(res, 200, {
        providers: deps.panel.state(),
        receive: deps.receivePanel.state(),
        exchange: deps.exchangePanel.state(),
      }),
  },
  {
    method: "GET",
    path: /^\/api\/events$/,
    run: (_, { deps, req, res, url }) => {
      const since = Number(url.searchParams.get("since"));
      const run = url.searchParams.get("run") ?? "";
      deps.feed.stream(req, res, { run, since: Number.isSafeInteger(since) ? since : 0 });
    },
  },
  {
    method: "GET",
    path: /^\/api\/files\/([\w-]{1,200})$/,
    run: ([fileId], { deps, res }) => {
      const file = fileContent(deps.tg, fileId!);
      const download: Record<string, string> = file.name
        ? { "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}` }
        : {};
      sendBytes(res, file.bytes, file.type, download);
    },
  },
  {
    method: "GET",
    path: /^\/api\/samples\/([\w-]+)\.jpg$/,
    run: ([id], { deps, res }) => sendBytes(res, sampleOf(deps.samples, id).thumbnail, "image/jpeg"),
  },
  {
    method: "GET",
    path: /^\/api\/samples$/,
    run: (_, { deps, res }) =>
      sendJson(res, 200, { samples: deps.samples.map(({ id, title }) => ({ id, title })) }),
  },
  {
    method: "GET",
    path: /^\/api\/samples\/([\w-]+)\/full\.jpg$/,
    run: ([id], { deps, res }) => sendBytes(res, sampleOf(deps.samples, id).bytes, "image/jpeg"),
  },
  {
    method: "POST",
    path: /^\/api\/people\/(\w+)\/webapp$/,
    run: async ([who], { deps, req, res }) =>
      sendJson(res, 200, deps.miniApp.open(personOf(deps.people, who), await readJson(req))),
  },
  {
    method: "POST",
    path: /^\/api\/webapp\/([\w-]{1,64})\/data$/,
    run: async ([id], { deps, req, res }) => {
      await deps.miniApp.sendData(id!, await readJson(req));
      ok(res);
    },
  },
  {
    method: "POST",
    path: /^\/api\/people\/(\w+)\/text$/,
    run: async ([who], { deps, req, res }) => {
      await sendText(personOf(deps.people, who), await readJson(req));
      ok(res);
    },
  },
  {
    method: "POST",
    path: /^\/api\/people\/(\w+)\/press$/,
    run: async ([who], { deps, req, res }) => {
      await pressButton(personOf(deps.people, who), await readJson(req));
      ok(res);
    },
  },
  {
    method: "POST",
    path: /^\/api\/people\/(\w+)\/upload$/,
    run: async ([who], { deps, req, res, url }) => {
      const person = personOf(deps.people, who);
      const bytes = await readBody(req, MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE);
      await sendUpload(person, url.searchParams, bytes, req.headers["content-type"]);
      ok(res);
    },
  },
  {
    method: "POST",
    path: /^\/api\/people\/(\w+)\/sample\/([\w-]+)$/,
    run: async ([who, id], { deps, res }) => {
      await sendSample(personOf(deps.people, who), sampleOf(deps.samples, id));
      ok(res);
    },
  },
  {
    method: "POST",
    path: /^\/api\/panel\/(lumo|ardor)$/,
    run: async ([provider], { deps, req, res }) => {
      const input = await readJson(req);
      try {
        const message = deps.panel.run(provider as "lumo" | "ardor", input);
        sendJson(res, 200, { message, providers: deps.panel.state() });
      } catch (err) {
        if (err instanceof PanelInputError) throw new PageError(400, err.message);
        throw err;
      }
    },
  },
  {
    method: "POST",
    path: /^\/api\/exchange$/,
    run: async (_, { deps, req, res }) => {
      const input = await readJson(req);
      try {
        const message = await deps.exchangePanel.run(input);
        sendJson(res, 200, { message, exchange: deps.exchangePanel.state() });
      } catch (err) {
        if (err instanceof PanelInputError) throw new PageError(400, err.message);
        throw err;
      }
    },
  },
  {
    method: "GET",
    path: /^\/exchanger\/\w+\/payment\/\d+\/[\w-]+$/,
    run: (_, { res }) => sendBytes(res, Buffer.from(EXCHANGER_PAGE), "text/html; charset=utf-8"),
  },
  {
    method: "POST",
    path: /^\/api\/receive\/(meridian|merchant)$/,
    run: async ([name], { deps, req, res }) => {
      const input = await readJson(req);
      try {
        const message = deps.receivePanel.run(name as ReceiveName, input);
        sendJson(res, 200, { message, receive: deps.receivePanel.state() });
      } catch (err) {
        if (err instanceof PanelInputError) throw new PageError(400, err.message);
        throw err;
      }
    },
  },
];

async function route(deps: PageDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  for (const route of ROUTES) {
    const params = req.method === route.method ? route.path.exec(url.pathname) : null;
    if (params) {
      await route.run(params.slice(1), { deps, req, res, url });
      return;
    }
  }
  throw new PageError(404, "Нет такой страницы");
}

function state(deps: PageDeps) {
  const { run, seq, chats } = deps.feed.snapshot();
  return {
    run,
    seq,
    storage: deps.storage,
    bot: { name: deps.tg.bot.first_name, username: deps.tg.bot.username },
    people: PEOPLE.map(({ key, id, firstName, lastName, label, about }) => ({
      key,
      id,
      name: `${firstName} ${lastName}`,
      label,
      about,
    })),
    samples: deps.samples.map(({ id, title, hint }) => ({ id, title, hint })),
    providers: deps.panel.state(),
    receive: deps.receivePanel.state(),
    exchange: deps.exchangePanel.state(),
    chats,
    controls: deps.feed.controls(),
  };
}
