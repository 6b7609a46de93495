// The playground's web chat. Bot text arrives as a tree of strings and known elements (see
// src/playground/rich-text.ts) and is built with DOM calls only: nothing is ever parsed as HTML.

const $ = (id) => document.getElementById(id);
/** The width below which the side panel is a drawer (style.css has the same number). */
const NARROW = matchMedia("(max-width: 760px)");

const view = {
  /** person key → Map(message id → message), as the server sent them. */
  chats: {},
  current: "payer",
  run: "",
  seq: 0,
  people: [],
  events: undefined,
  /** person key → { keyboard: rows of { text, webApp }, menu?: { text } } */
  controls: {},
  /** The Mini App open in the panel: { id, person }. */
  miniApp: undefined,
};

async function api(path, { json, body, headers, method = "POST" } = {}) {
  const response = await fetch(path, {
    method,
    headers: { "x-playground": "1", ...(json ? { "content-type": "application/json" } : {}), ...headers },
    body: json ? JSON.stringify(json) : body,
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `Ошибка ${response.status}`);
  return answer;
}

// ── Rich text ────────────────────────────────────────────────────────────────

const TAGS = {
  bold: "b",
  italic: "i",
  underline: "u",
  strike: "s",
  spoiler: "span",
  code: "code",
  pre: "pre",
  quote: "blockquote",
  link: "a",
  command: "span",
  mention: "span",
  tag: "span",
};

function richNodes(nodes) {
  const fragment = document.createDocumentFragment();
  for (const node of nodes) {
    if (typeof node === "string") {
      fragment.append(document.createTextNode(node));
      continue;
    }
    const el = document.createElement(TAGS[node.kind] ?? "span");
    el.className = `rt-${node.kind}`;
    if (node.kind === "link" && node.href) {
      el.href = node.href;
      el.target = "_blank";
      el.rel = "noopener noreferrer";
    }
    if (node.kind === "spoiler") el.addEventListener("click", () => el.classList.add("shown"));
    el.append(richNodes(node.children));
    if (node.kind === "command") el.addEventListener("click", () => send(el.textContent));
    fragment.append(el);
  }
  return fragment;
}

// ── Messages ─────────────────────────────────────────────────────────────────

const timeOf = (ms) => new Date(ms).toLocaleTimeString("ru-RU", { hour: "2-digit", minute: "2-digit" });

function keyboard(message) {
  const box = document.createElement("div");
  box.className = "keyboard";
  for (const row of message.buttons) {
    const line = document.createElement("div");
    line.className = "keyboard-row";
    for (const button of row) {
      let el;
      if (button.url) {
        el = document.createElement("a");
        el.href = button.url;
        el.target = "_blank";
        el.rel = "noopener noreferrer";
        el.textContent = `${button.text} ↗`;
      } else {
        el = document.createElement("button");
        el.type = "button";
        el.textContent = button.text;
        if (button.data) el.addEventListener("click", () => press(message.id, button.data, el));
        else if (button.webApp) {
          el.dataset.webApp = "true";
          el.addEventListener("click", () =>
            openMiniApp({ source: "inline", messageId: message.id, button: button.text }),
          );
        } else el.disabled = true;
      }
      el.className = "key";
      line.append(el);
    }
    box.append(line);
  }
  return box;
}

function messageNode(message) {
  const wrap = document.createElement("div");
  wrap.className = `msg ${message.from}`;
  wrap.dataset.id = String(message.id);
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (message.replyTo) {
    const reply = document.createElement("div");
    reply.className = "reply";
    reply.textContent = message.replyTo.preview;
    bubble.append(reply);
  }
  if (message.photo) {
    const img = document.createElement("img");
    img.className = "photo";
    img.src = `/api/files/${encodeURIComponent(message.photo.fileId)}`;
    img.alt = "Фото";
    img.width = message.photo.width;
    img.height = message.photo.height;
    img.addEventListener("load", () => scrollDown(false));
    // A picture from before a restart that was not kept (over the chat log's budget).
    img.addEventListener("error", () => {
      const gone = document.createElement("div");
      gone.className = "photo-gone";
      gone.textContent = "🖼 Фото не сохранилось";
      img.replaceWith(gone);
    });
    bubble.append(img);
  }
  if (message.document) {
    const doc = document.createElement("a");
    doc.className = "document";
    doc.href = `/api/files/${encodeURIComponent(message.document.fileId)}`;
    doc.textContent = `📎 ${message.document.name} · ${Math.max(1, Math.round(message.document.size / 1024))} КБ`;
    bubble.append(doc);
  }
  if (message.text.length > 0) {
    const text = document.createElement("div");
    text.className = "text";
    text.append(richNodes(message.text));
    bubble.append(text);
  }
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = `${message.edited ? "изменено " : ""}${timeOf(message.sentAt)}`;
  bubble.append(meta);
  wrap.append(bubble);
  if (message.buttons.length > 0) wrap.append(keyboard(message));
  return wrap;
}

/** Until then, the bot's new messages do not pull the chat away from an edit just revealed. */
let revealedUntil = 0;
const REVEAL_HOLD_MS = 2500;

function scrollDown(force) {
  const list = $("messages");
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 160;
  if (performance.now() < revealedUntil && !force) return;
  if (force || nearBottom) list.scrollTop = list.scrollHeight;
}

const reducedMotion = () => matchMedia("(prefers-reduced-motion: reduce)").matches;

/** An edited message (a card turning ✅) is brought into view and flashes briefly. */
function reveal(node) {
  revealedUntil = performance.now() + REVEAL_HOLD_MS;
  node.classList.add("flash");
  node.addEventListener("animationend", () => node.classList.remove("flash"), { once: true });
  node.scrollIntoView({ block: "nearest", behavior: reducedMotion() ? "auto" : "smooth" });
}

function renderChat() {
  const list = $("messages");
  const messages = [...(view.chats[view.current]?.values() ?? [])].sort((a, b) => a.id - b.id);
  list.replaceChildren(...messages.map(messageNode));
  if (messages.length === 0) {
    const empty = document.createElement("div");
    empty.className = "empty";
    empty.textContent = "Здесь пока пусто. Нажмите на образец фото внизу или напишите /start.";
    list.append(empty);
  }
  scrollDown(true);
}

function upsert(person, message) {
  view.chats[person] ??= new Map();
  view.chats[person].set(message.id, message);
  if (person !== view.current) return markUnread(person);
  const list = $("messages");
  list.querySelector(".empty")?.remove();
  const node = messageNode(message);
  const old = list.querySelector(`.msg[data-id="${message.id}"]`);
  if (old) {
    old.replaceWith(node);
    reveal(node);
    return;
  }
  const later = [...list.children].find((el) => Number(el.dataset.id) > message.id);
  list.insertBefore(node, later ?? null);
  // The person's own message always brings the chat down; the bot's does unless an edit was just
  // revealed (the notification that follows a ✅ card must not scroll the card away).
  if (message.from === "user") revealedUntil = 0;
  scrollDown(performance.now() >= revealedUntil);
}

function remove(person, id) {
  view.chats[person]?.delete(id);
  if (person === view.current) $("messages").querySelector(`.msg[data-id="${id}"]`)?.remove();
}

// ── People ───────────────────────────────────────────────────────────────────

function markUnread(person) {
  document.querySelector(`.person[data-person="${person}"]`)?.classList.add("unread");
}

function renderPeople() {
  const nav = $("people");
  nav.replaceChildren(
    ...view.people.map((person) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `person${person.key === view.current ? " active" : ""}`;
      button.dataset.person = person.key;
      const avatar = document.createElement("span");
      avatar.className = `avatar ${person.key}`;
      avatar.textContent = person.name.slice(0, 1);
      const about = document.createElement("span");
      about.className = "person-text";
      const label = document.createElement("b");
      label.textContent = `${person.label} · ${person.name}`;
      const line = document.createElement("small");
      line.textContent = person.about;
      about.append(label, line);
      button.append(avatar, about);
      button.addEventListener("click", () => choose(person.key));
      return button;
    }),
  );
}

function choose(key) {
  if (view.miniApp && view.miniApp.person !== key) closeMiniApp();
  view.current = key;
  const person = view.people.find((p) => p.key === key);
  const who = document.createElement("span");
  who.textContent = `Вы — ${person.label.toLowerCase()} ${person.name}`;
  const id = document.createElement("span");
  id.className = "person-id";
  id.textContent = ` · id ${person.id}`;
  $("chat-person").replaceChildren(who, id);
  setDrawer(false);
  renderPeople();
  renderChat();
  renderControls();
  // On a phone, focusing the field would open the keyboard over the chat just chosen.
  if (!NARROW.matches) $("text").focus();
}

// ── The side panel as a drawer (narrow screens) ──────────────────────────────

/** On a phone the people and the sandbox panel slide over the chat only when asked for. */
function setDrawer(open) {
  document.body.classList.toggle("drawer-open", open);
  $("drawer-toggle").setAttribute("aria-expanded", String(open));
  $("drawer-backdrop").hidden = !open;
}

function wireDrawer() {
  $("drawer-toggle").addEventListener("click", () =>
    setDrawer(!document.body.classList.contains("drawer-open")),
  );
  $("drawer-backdrop").addEventListener("click", () => setDrawer(false));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") setDrawer(false);
  });
}

// ── Reply keyboard, menu button and the Mini App panel ───────────────────────

function renderControls() {
  const controls = view.controls[view.current] ?? { keyboard: [] };
  const box = $("reply-keyboard");
  box.replaceChildren(
    ...controls.keyboard.map((row) => {
      const line = document.createElement("div");
      line.className = "keyboard-row";
      for (const key of row) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "reply-key";
        button.textContent = key.text;
        if (key.webApp) button.dataset.webApp = "true";
        button.addEventListener("click", () =>
          key.webApp ? openMiniApp({ source: "keyboard", button: key.text }) : send(key.text),
        );
        line.append(button);
      }
      return line;
    }),
  );
  box.hidden = controls.keyboard.length === 0;
  const menu = $("menu-button");
  menu.hidden = !controls.menu;
  menu.textContent = controls.menu?.text ?? "";
}

/** Opens the bot's Mini App behind a button, as Telegram would, in the panel. */
function openMiniApp(button) {
  const person = view.current;
  return attempt(async () => {
    const launch = await api(`${me()}/webapp`, { json: button });
    view.miniApp = { id: launch.id, person };
    document.body.dataset.miniappOpened = String(Number(document.body.dataset.miniappOpened ?? 0) + 1);
    $("miniapp-title").textContent = launch.title;
    $("miniapp").dataset.via = launch.via;
    $("miniapp").hidden = false;
    $("miniapp-frame").src = launch.src;
  });
}

function closeMiniApp() {
  view.miniApp = undefined;
  $("miniapp").hidden = true;
  $("miniapp-frame").src = "about:blank";
}

function wireMiniApp() {
  $("menu-button").addEventListener("click", () => openMiniApp({ source: "menu" }));
  $("miniapp-close").addEventListener("click", closeMiniApp);
  window.addEventListener("message", (event) => {
    if (event.origin !== location.origin || event.data?.launch !== view.miniApp?.id) return;
    if (event.data.type === "miniapp-close") closeMiniApp();
    if (event.data.type === "miniapp-error") toast("Мини-приложение не смогло передать данные", true);
  });
}

// ── Acting as the person ─────────────────────────────────────────────────────

const me = () => `/api/people/${view.current}`;

async function attempt(work) {
  try {
    await work();
  } catch (err) {
    toast(err.message, true);
  }
}

const send = (text) => attempt(() => api(`${me()}/text`, { json: { text } }));

async function press(messageId, data, el) {
  el.classList.add("pressed");
  await attempt(() => api(`${me()}/press`, { json: { messageId, data } }));
  setTimeout(() => el.classList.remove("pressed"), 600);
}

function upload(file) {
  const kind = file.type.startsWith("image/") ? "photo" : "document";
  const query = new URLSearchParams({ kind, name: file.name || "file" });
  return attempt(() =>
    api(`${me()}/upload?${query}`, {
      body: file,
      headers: { "content-type": file.type || "application/octet-stream" },
    }),
  );
}

function renderSamples(samples) {
  $("samples").replaceChildren(
    ...samples.map((sample) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sample";
      button.dataset.sample = sample.id;
      button.title = sample.hint;
      const img = document.createElement("img");
      img.src = `/api/samples/${sample.id}.jpg`;
      img.alt = "";
      const caption = document.createElement("span");
      caption.textContent = sample.title;
      button.append(img, caption);
      button.addEventListener("click", () => attempt(() => api(`${me()}/sample/${sample.id}`)));
      return button;
    }),
  );
}

function wireComposer() {
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("text");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  $("file").addEventListener("change", (event) => {
    for (const file of event.target.files) upload(file);
    event.target.value = "";
  });
  const chat = $("chat");
  let depth = 0;
  chat.addEventListener("dragenter", (event) => {
    event.preventDefault();
    depth++;
    $("drop").hidden = false;
  });
  chat.addEventListener("dragover", (event) => event.preventDefault());
  chat.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) $("drop").hidden = true;
  });
  chat.addEventListener("drop", (event) => {
    event.preventDefault();
    depth = 0;
    $("drop").hidden = true;
    for (const file of event.dataTransfer.files) upload(file);
  });
}

// ── Sandbox panel ────────────────────────────────────────────────────────────

function switchButton(text, onClick, { active = false, badge = 0 } = {}) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = `switch${active ? " on" : ""}`;
  button.textContent = badge > 0 ? `${text} · ${badge}` : text;
  button.addEventListener("click", onClick);
  return button;
}

function renderProviders(providers) {
  const act = (name, action) =>
    attempt(async () => {
      const answer = await api(`/api/panel/${name}`, { json: action });
      renderProviders(answer.providers);
      toast(answer.message);
    });
  $("providers").replaceChildren(
    ...providers.map((p) => {
      const box = document.createElement("section");
      box.className = "provider";
      box.dataset.provider = p.name;
      const title = document.createElement("h3");
      title.textContent = `${p.title}${p.down ? " — недоступен" : ""}`;
      const form = document.createElement("form");
      form.className = "balance";
      // The label names the unit; the field shows the number as the bot writes it ("5 000,00"),
      // and the server reads back the same format.
      const label = document.createElement("label");
      label.textContent = `Баланс, ${p.unit}`;
      label.htmlFor = `balance-${p.name}`;
      const input = document.createElement("input");
      input.id = `balance-${p.name}`;
      input.name = "amount";
      input.value = p.balanceInput;
      input.inputMode = "decimal";
      input.autocomplete = "off";
      input.title = `Сейчас: ${p.balance}`;
      const save = document.createElement("button");
      save.textContent = "Задать";
      form.append(label, input, save);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        act(p.name, { action: "balance", amount: input.value });
      });
      box.append(
        title,
        form,
        switchButton("Следующий платёж не пройдёт", () => act(p.name, { action: "failNextPayment" }), {
          badge: p.failuresPlanned,
        }),
        switchButton("Потерять следующий вебхук", () => act(p.name, { action: "dropNextWebhook" }), {
          badge: p.webhooksToDrop,
        }),
        switchButton(
          p.down ? "Провайдер недоступен: вкл." : "Провайдер недоступен: выкл.",
          () => act(p.name, { action: p.down ? "up" : "down" }),
          { active: p.down },
        ),
      );
      return box;
    }),
  );
}

function renderReceive(receive) {
  const act = (name, action) =>
    attempt(async () => {
      const answer = await api(`/api/receive/${name}`, { json: action });
      renderReceive(answer.receive);
      toast(answer.message);
    });
  $("receive").replaceChildren(
    ...receive.map((p) => {
      const box = document.createElement("section");
      box.className = "provider";
      box.dataset.provider = p.name;
      const title = document.createElement("h3");
      title.textContent = `${p.title}${p.waiting > 0 ? ` — ждут оплаты: ${p.waiting}` : ""}`;
      const buttons = [
        switchButton("Клиент оплатил", () => act(p.name, { action: "paid" })),
        switchButton("Истечь", () => act(p.name, { action: "expire" })),
      ];
      if (p.noRequisites !== undefined) {
        buttons.push(
          switchButton("Нет реквизитов (503)", () => act(p.name, { action: "noRequisites" }), {
            badge: p.noRequisites,
          }),
        );
      }
      buttons.push(
        switchButton("Потерять уведомление", () => act(p.name, { action: "dropNotification" }), {
          badge: p.notificationsToDrop,
        }),
      );
      box.append(title, ...buttons);
      return box;
    }),
  );
}

function renderExchange(exchange) {
  const act = (action) =>
    attempt(async () => {
      const answer = await api("/api/exchange", { json: action });
      renderExchange(answer.exchange);
      toast(answer.message);
    });
  const box = document.createElement("section");
  box.className = "provider";
  box.dataset.provider = "lincoln";
  const title = document.createElement("h3");
  title.textContent = `${exchange.title}${exchange.open > 0 ? ` — заявок в работе: ${exchange.open}` : ""}`;
  box.append(
    title,
    switchButton("Оплачено", () => act({ action: "paid" })),
    switchButton("Выплачено", () => act({ action: "payout" })),
    switchButton("Ошибка выплаты", () => act({ action: "error" })),
    switchButton("Потерять IPN", () => act({ action: "dropIpn" }), { badge: exchange.ipnsToDrop }),
  );
  $("exchange").replaceChildren(box);
}

let panelRefresh;
/** Balances move with payments: refresh the panel shortly after the bot says something. */
function refreshPanelSoon() {
  clearTimeout(panelRefresh);
  panelRefresh = setTimeout(async () => {
    const focused = $("providers").contains(document.activeElement);
    if (focused) return;
    const panel = await api("/api/panel", { method: "GET" });
    renderProviders(panel.providers);
    renderReceive(panel.receive);
    renderExchange(panel.exchange);
  }, 400);
}

// ── Toasts and live updates ──────────────────────────────────────────────────

function toast(text, alert = false) {
  const el = document.createElement("div");
  el.className = `toast${alert ? " alert" : ""}`;
  el.textContent = text;
  $("toasts").append(el);
  setTimeout(() => el.remove(), alert ? 6000 : 3000);
}

let typingTimer;
function typing(person) {
  if (person !== view.current) return;
  $("chat-status").textContent = "печатает…";
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    $("chat-status").textContent = "бот";
  }, 3000);
}

function listen() {
  view.events?.close();
  const events = new EventSource(`/api/events?run=${view.run}&since=${view.seq}`);
  view.events = events;
  events.addEventListener("message", (e) => {
    const { person, message } = JSON.parse(e.data);
    upsert(person, message);
    if (message.from === "bot") refreshPanelSoon();
  });
  events.addEventListener("delete", (e) => {
    const { person, id } = JSON.parse(e.data);
    remove(person, id);
  });
  events.addEventListener("toast", (e) => {
    const { person, text, alert } = JSON.parse(e.data);
    if (person === view.current) toast(text, alert);
  });
  events.addEventListener("typing", (e) => typing(JSON.parse(e.data).person));
  events.addEventListener("controls", (e) => {
    const { person, controls } = JSON.parse(e.data);
    view.controls[person] = controls;
    if (person === view.current) renderControls();
  });
  events.addEventListener("reset", () => load());
}

async function load() {
  const state = await api("/api/state", { method: "GET" });
  Object.assign(view, { run: state.run, seq: state.seq, people: state.people, controls: state.controls });
  view.chats = Object.fromEntries(
    Object.entries(state.chats).map(([key, messages]) => [key, new Map(messages.map((m) => [m.id, m]))]),
  );
  $("banner").hidden = state.storage !== "memory";
  document.body.dataset.storage = state.storage;
  renderSamples(state.samples);
  renderProviders(state.providers);
  renderReceive(state.receive);
  renderExchange(state.exchange);
  choose(view.current);
  listen();
  document.body.dataset.ready = "true";
}

wireComposer();
wireMiniApp();
wireDrawer();
load().catch((err) => toast(`Песочница не отвечает: ${err.message}`, true));
