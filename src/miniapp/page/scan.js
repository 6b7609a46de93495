// The Mini App scanner: opens Telegram's native live QR scanner at once and hands a payment code
// to the bot — with Telegram.WebApp.sendData when opened from the reply-keyboard button
// (?via=keyboard), else by POSTing it with the launch's signed initData. It shows nothing of the
// company: no balance, no names, only the scanner and what to do next.

const texts = JSON.parse(document.getElementById("texts").textContent);
const query = new URLSearchParams(location.search);
const app = window.Telegram?.WebApp;
const viaKeyboard = query.get("via") === "keyboard";

/** The person's language: the bot's choice in the button's URL, else Telegram's, else Russian. */
const language = (() => {
  const wanted = query.get("lang") ?? app?.initDataUnsafe?.user?.language_code ?? "";
  return wanted.toLowerCase().startsWith("en") ? "en" : "ru";
})();
const t = texts[language] ?? texts.ru;
document.documentElement.lang = language;
document.title = t.title;

/** Telegram's scanner exists on its iOS and Android apps, Bot API 6.4 and later. */
const SCANNER_PLATFORMS = new Set(["ios", "android", "android_x"]);

/** What the bot can act on: SBP links and GOST requisites. Anything else keeps the scanner open. */
function isPaymentCode(text) {
  const value = text.trim();
  return /^https?:\/\/(qr|sub)\.nspk\.ru\//i.test(value) || /^ST0001[12]\|/.test(value);
}

const $ = (id) => document.getElementById(id);

function show({ status, note, scan, photo }) {
  $("status").textContent = status ?? "";
  $("note").textContent = note ?? "";
  $("note").hidden = !note;
  $("scan").hidden = !scan;
  $("photo").hidden = !photo;
}

function canScan() {
  if (!app || typeof app.showScanQrPopup !== "function") return false;
  if (!app.isVersionAtLeast?.("6.4") || !SCANNER_PLATFORMS.has(app.platform)) return false;
  // A keyboard launch answers with sendData; any other needs the signed initData to POST with.
  return viaKeyboard || Boolean(app.initData);
}

let lastIgnored;

/** Every code the scanner reads; true closes it. */
function onCode(text) {
  if (isPaymentCode(text)) {
    // Once the scanner has closed (returning true closes it).
    setTimeout(() => deliver(text), 0);
    return true;
  }
  // The same website code stays in view while the phone moves: say so once, keep scanning.
  if (text === lastIgnored) return false;
  lastIgnored = text;
  app.HapticFeedback?.notificationOccurred("warning");
  show({ status: t.scanning, note: t.notPayment, photo: true });
  // The note goes into the scanner itself: reopened with it as the hint, the scanner stays up.
  app.closeScanQrPopup();
  app.showScanQrPopup({ text: t.notPayment }, onCode);
  return false;
}

function openScanner() {
  lastIgnored = undefined;
  show({ status: t.scanning, photo: true });
  app.showScanQrPopup({ text: t.hint }, onCode);
}

async function deliver(text) {
  app.HapticFeedback?.notificationOccurred("success");
  if (viaKeyboard) {
    show({ status: t.sending });
    app.sendData(text); // Telegram closes the Mini App and the bot gets the code.
    return;
  }
  show({ status: t.sending });
  let response;
  try {
    response = await fetch(location.pathname, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ initData: app.initData, text }),
    });
  } catch {
    show({ status: t.failed, photo: true });
    return;
  }
  if (response.ok || response.status === 403) {
    // The card (or the bot's refusal) is in the chat: that is where to look now.
    show({ status: t.sent });
    app.close();
    return;
  }
  show({ status: response.status === 401 ? t.expired : t.failed, photo: true });
}

$("scan").textContent = t.scanAgain;
$("photo").textContent = t.photoButton;
$("scan").addEventListener("click", () => openScanner());
$("photo").addEventListener("click", () => app?.close());

if (canScan()) {
  app.ready();
  app.expand();
  // Bot API 7.7+: the person closed the scanner (or the camera was refused).
  app.onEvent("scanQrPopupClosed", () => show({ status: t.closed, scan: true, photo: true }));
  openScanner();
} else {
  app?.ready();
  show({ status: app ? t.unsupported : t.notInTelegram, photo: Boolean(app) });
}
