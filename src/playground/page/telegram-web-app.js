// The playground's stand-in for telegram.org's telegram-web-app.js: the part of Telegram.WebApp the
// bot's Mini App uses, played by the web chat instead of a Telegram app. Its launch comes in the
// URL's fragment as Telegram's does (tgWebAppData, tgWebAppVersion, tgWebAppPlatform); its QR
// scanner reads the browser camera (getUserMedia, decoded with jsQR in the page) or a sample
// picture the person picks. sendData goes to the emulator, close() closes the web chat's panel.
(() => {
  const launch = new URLSearchParams(location.hash.slice(1));
  const initData = launch.get("tgWebAppData") ?? "";
  const version = launch.get("tgWebAppVersion") ?? "6.0";
  const launchId = launch.get("playgroundLaunch") ?? "";
  const listeners = new Map();
  const emit = (type, data) => {
    for (const listener of listeners.get(type) ?? []) listener(data);
  };
  const toParent = (message) => window.parent.postMessage(message, location.origin);

  const user = (() => {
    try {
      return JSON.parse(new URLSearchParams(initData).get("user") ?? "null") ?? undefined;
    } catch {
      return undefined;
    }
  })();

  function versionAtLeast(wanted) {
    const have = version.split(".").map(Number);
    const want = String(wanted).split(".").map(Number);
    for (let i = 0; i < Math.max(have.length, want.length); i++) {
      const a = have[i] ?? 0;
      const b = want[i] ?? 0;
      if (a !== b) return a > b;
    }
    return true;
  }

  // ── The scanner popup ──────────────────────────────────────────────────────
  let popup; // { callback, root, hint, stop }
  let teardown;
  let jsqr;

  function loadJsqr() {
    jsqr ??= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/miniapp/jsqr.js";
      script.onload = () => resolve(window.jsQR);
      script.onerror = () => reject(new Error("jsQR did not load"));
      document.head.append(script);
    });
    return jsqr;
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    Object.assign(el.style, STYLE[className] ?? {});
    return el;
  }

  // Inline styles: the Mini App page's stylesheet knows nothing of this popup.
  const STYLE = {
    "pg-scanner": {
      position: "fixed",
      inset: "0",
      background: "#111",
      color: "#fff",
      display: "flex",
      flexDirection: "column",
      alignItems: "center",
      gap: "10px",
      padding: "12px",
      overflow: "auto",
      zIndex: "10",
      font: "15px/1.4 system-ui, sans-serif",
    },
    "pg-scanner-video": { width: "100%", maxWidth: "360px", borderRadius: "12px", background: "#000" },
    "pg-scanner-hint": { margin: "0", textAlign: "center" },
    "pg-scanner-status": { margin: "0", color: "#bbb", fontSize: "13px", textAlign: "center" },
    "pg-scanner-samples": { display: "flex", flexWrap: "wrap", gap: "6px", justifyContent: "center" },
    "pg-scanner-sample": {
      background: "#2a2a2a",
      color: "#fff",
      border: "0",
      borderRadius: "8px",
      padding: "6px 10px",
      cursor: "pointer",
    },
    "pg-scanner-close": {
      alignSelf: "flex-end",
      background: "transparent",
      color: "#fff",
      border: "0",
      fontSize: "20px",
      cursor: "pointer",
    },
  };

  /** A decoded text goes to the Mini App's callback; true closes the scanner. */
  function deliver(text) {
    if (!popup) return;
    const current = popup;
    const close = current.callback?.(text) === true;
    emit("qrTextReceived", { data: text });
    if (close && popup === current) closeScanner();
  }

  function decodeCanvas(canvas, context) {
    if (!window.jsQR) return undefined;
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" })?.data;
  }

  async function startCamera(root, status) {
    const video = element("video", "pg-scanner-video");
    video.muted = true;
    video.playsInline = true;
    root.insertBefore(video, root.querySelector(".pg-scanner-hint").nextSibling);
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    let stream;
    let timer;
    let last = "";
    let lastAt = 0;
    const stop = () => {
      clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    try {
      await loadJsqr();
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      await video.play();
      status.textContent = "Камера включена — наведите её на QR-код";
      timer = setInterval(() => {
        if (!video.videoWidth) return;
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        const text = decodeCanvas(canvas, context);
        // Like Telegram's scanner: every read is reported, the same code at most once a second.
        if (!text || (text === last && Date.now() - lastAt < 1000)) return;
        last = text;
        lastAt = Date.now();
        deliver(text);
      }, 150);
    } catch {
      video.remove();
      status.textContent = "Камера недоступна — выберите картинку ниже";
    }
    return stop;
  }

  async function pickSample(sample, status) {
    status.textContent = `Читаю «${sample.title}»…`;
    const jsQR = await loadJsqr().catch(() => undefined);
    const image = new Image();
    image.src = `/api/samples/${encodeURIComponent(sample.id)}/full.jpg`;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(image, 0, 0);
    const text = jsQR ? decodeCanvas(canvas, context) : undefined;
    status.textContent = text ? "" : "На картинке не нашлось QR-кода — попробуйте другую";
    if (text) deliver(text);
  }

  function openScanner(params, callback) {
    clearTimeout(teardown);
    if (popup?.root.isConnected && !popup.closed) {
      throw new Error("WebAppScanQrPopupOpened");
    }
    if (popup?.closed) {
      // Closed and reopened at once (a new hint): the same camera keeps running.
      popup.closed = false;
      popup.callback = callback;
      popup.hint.textContent = params?.text || "Сканируйте QR-код";
      return;
    }
    const root = element("div", "pg-scanner");
    root.dataset.scanner = "open";
    const close = element("button", "pg-scanner-close", "✕");
    close.type = "button";
    close.title = "Закрыть сканер";
    close.addEventListener("click", () => {
      closeScanner();
      emit("scanQrPopupClosed");
    });
    const hint = element("p", "pg-scanner-hint", params?.text || "Сканируйте QR-код");
    const status = element("p", "pg-scanner-status", "Включаю камеру…");
    const samples = element("div", "pg-scanner-samples");
    root.append(close, hint, status, element("p", "pg-scanner-status", "Или картинка:"), samples);
    document.body.append(root);
    popup = { callback, root, hint, closed: false, stop: () => {} };
    const opened = popup;
    fetch("/api/samples")
      .then((r) => r.json())
      .then(({ samples: list }) => {
        for (const sample of list) {
          const button = element("button", "pg-scanner-sample", sample.title);
          button.type = "button";
          button.dataset.sample = sample.id;
          button.addEventListener("click", () => pickSample(sample, status));
          samples.append(button);
        }
      })
      .catch(() => {});
    startCamera(root, status).then((stop) => {
      if (opened.root.isConnected) opened.stop = stop;
      else stop();
    });
  }

  function closeScanner() {
    if (!popup) return;
    const closing = popup;
    closing.closed = true;
    // Torn down after this turn, unless the Mini App reopens it at once (see openScanner).
    teardown = setTimeout(() => {
      if (!closing.closed) return;
      closing.stop();
      closing.root.remove();
      if (popup === closing) popup = undefined;
    }, 0);
  }

  // ── Telegram.WebApp ────────────────────────────────────────────────────────
  const WebApp = {
    initData,
    initDataUnsafe: user ? { user, auth_date: Number(new URLSearchParams(initData).get("auth_date")) } : {},
    version,
    platform: launch.get("tgWebAppPlatform") ?? "unknown",
    colorScheme: "light",
    themeParams: {},
    isExpanded: true,
    isVersionAtLeast: versionAtLeast,
    ready() {},
    expand() {},
    close() {
      closeScanner();
      toParent({ type: "miniapp-close", launch: launchId });
    },
    onEvent(type, listener) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type).add(listener);
    },
    offEvent(type, listener) {
      listeners.get(type)?.delete(listener);
    },
    sendData(data) {
      if (!data || new TextEncoder().encode(data).length > 4096) throw new Error("WebAppDataInvalid");
      fetch(`/api/webapp/${encodeURIComponent(launchId)}/data`, {
        method: "POST",
        headers: { "x-playground": "1", "content-type": "application/json" },
        body: JSON.stringify({ data }),
      })
        .then((response) =>
          toParent({ type: response.ok ? "miniapp-close" : "miniapp-error", launch: launchId }),
        )
        .catch(() => toParent({ type: "miniapp-error", launch: launchId }));
    },
    showScanQrPopup(params, callback) {
      if (!versionAtLeast("6.4")) throw new Error("WebAppMethodUnsupported");
      if (params?.text && params.text.trim().length > 64) throw new Error("WebAppScanQrPopupParamInvalid");
      openScanner(params, callback);
    },
    closeScanQrPopup() {
      closeScanner();
    },
    HapticFeedback: {
      impactOccurred() {},
      notificationOccurred() {},
      selectionChanged() {},
    },
  };
  window.Telegram = { WebApp };
})();
