import type { IncomingMessage, ServerResponse } from "node:http";
import {
  fileContent,
  MAX_UPLOAD_BYTES,
  pressButton,
  sendSample,
  sendText,
  sendUpload,
  UPLOAD_TOO_LARGE,
} from "./actions.js";
import { PageError, readBody, readJson, sendBytes, sendJson } from "./http.js";
import { PanelInputError } from "./panel.js";
import { isPersonKey, PEOPLE, type PlaygroundPeople, type PlaygroundPerson } from "./people.js";
import type { ReceiveName } from "./receive-panel.js";
import type { SamplePhoto } from "./samples.js";
import type { PageDeps } from "./server.js";

/** The page's JSON API and the sandbox exchanger's page (the list is in server.ts). */

/** The sandbox exchanger's "payment page": nothing to pay here. */
const EXCHANGER_PAGE = `<!doctype html><html lang="ru"><meta charset="utf-8"><title>Обменник — песочница</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<body style="font:16px system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>💱 Обменник (песочница)</h1><p>Здесь настоящий обменник показал бы, куда перевести рубли.
В песочнице платить не нужно: вернитесь в чат и нажмите «✅ Оплата отправлена», затем в панели — «Обменник: выплачено».</p></body></html>`;
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

export async function route(
  deps: PageDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
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
