import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";
import type { TelegramEmulator } from "../sandbox/telegram/index.js";
import { loadPage } from "./assets.js";
import type { ExchangePanel } from "./exchange-panel.js";
import { PAGE_CSP, PageError, readBody, sendBytes, sendJson } from "./http.js";
import type { LiveFeed } from "./live.js";
import type { PlaygroundMiniApp } from "./miniapp.js";
import type { SandboxPanel } from "./panel.js";
import type { PlaygroundPeople } from "./people.js";
import type { ReceivePanel } from "./receive-panel.js";
import { route } from "./routes.js";
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
