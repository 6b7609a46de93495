import sharp from "sharp";
import { buildSbpLink } from "../payment-codes/index.js";
import { encodeQrPng } from "../qr/encode.js";

/** A photo the page offers to send with one click. */
export interface SamplePhoto {
  id: string;
  /** Short label under the thumbnail (Russian, like the rest of the page). */
  title: string;
  /** What the bot is expected to do with it. */
  hint: string;
  /** What the code holds (undefined: no code at all). */
  text: string | undefined;
  /** A JPEG as a phone camera would send it. */
  bytes: Buffer;
  /** A small JPEG for the strip. */
  thumbnail: Buffer;
}

// Fixed QRC ids: the same picture may be paid many times in the sandbox, as a till's dynamic
// code would be re-shown; the simulators do not remember codes.
const SAMPLE_SBP_LINK = buildSbpLink({
  qrcId: "AD10006M8KH2Q3TLNP9BRVC4GA7X5E1J",
  type: "02",
  bankId: "100000000001",
  sumMinor: 125_000,
  currency: "RUB",
});

const SAMPLE_BLURRED_SBP_LINK = buildSbpLink({
  qrcId: "BD20007K9LJ3R4UMPQ1CSWD5HB8Y6F2K",
  type: "02",
  bankId: "100000000008",
  sumMinor: 348_000,
  currency: "RUB",
});

const SAMPLE_WEBSITE = "https://example.com/menu?table=12";

const SAMPLE_GOST = [
  "ST00012",
  "Name=ООО «Ромашка»",
  "PersonalAcc=40702810938000012345",
  "BankName=ПАО СБЕРБАНК",
  "BIC=044525225",
  "CorrespAcc=30101810400000000225",
  "PayeeINN=7701234567",
  "Purpose=Оплата по счёту № 42 от 01.03.2025",
  "Sum=1550000",
].join("|");

const WIDTH = 1280;
const HEIGHT = 960;

/** A table-top backdrop: a soft diagonal gradient with a darker corner, no text (no fonts needed). */
function backdrop(from: string, to: string): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
      <defs>
        <linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/>
        </linearGradient>
        <radialGradient id="v" cx="0.4" cy="0.35" r="0.9">
          <stop offset="0.55" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.35"/>
        </radialGradient>
      </defs>
      <rect width="100%" height="100%" fill="url(#g)"/>
      <rect width="100%" height="100%" fill="url(#v)"/>
    </svg>`,
  );
}

/** A white table tent with a coloured header band and grey "print" lines, holding `qr` (if any). */
async function card(qr: Uint8Array | undefined, band: string): Promise<Buffer> {
  const width = 560;
  const height = 700;
  const lines = [560, 600, 630]
    .map((y, i) => `<rect x="70" y="${y}" width="${420 - i * 90}" height="14" rx="7" fill="#c9ccd1"/>`)
    .join("");
  const base = sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
        <rect width="${width}" height="${height}" rx="28" fill="#fbfbf8"/>
        <rect width="${width}" height="96" rx="28" fill="${band}"/>
        <rect y="60" width="${width}" height="36" fill="${band}"/>
        <rect x="70" y="32" width="240" height="30" rx="15" fill="#ffffff" opacity="0.85"/>
        ${lines}
      </svg>`,
    ),
  );
  if (!qr) {
    // A menu-board drawing (a cup and a price tag) where a code would be.
    const drawing = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="420">
        <circle cx="210" cy="200" r="150" fill="#f1e4d3"/>
        <rect x="130" y="150" width="150" height="130" rx="22" fill="#8c5a3c"/>
        <path d="M280 175 h24 a32 32 0 0 1 0 64 h-24" fill="none" stroke="#8c5a3c" stroke-width="16"/>
        <rect x="120" y="290" width="200" height="16" rx="8" fill="#6b4430"/>
        <path d="M170 95 q18 -22 0 -44 M210 95 q18 -22 0 -44 M250 95 q18 -22 0 -44" fill="none" stroke="#c9ccd1" stroke-width="8" stroke-linecap="round"/>
      </svg>`,
    );
    return base
      .composite([{ input: drawing, left: 70, top: 122 }])
      .png()
      .toBuffer();
  }
  const code = await sharp(qr).resize(420, 420, { kernel: "nearest" }).png().toBuffer();
  return base
    .composite([{ input: code, left: 70, top: 122 }])
    .png()
    .toBuffer();
}

interface Look {
  from: string;
  to: string;
  band: string;
  rotate: number;
  blur?: number;
  shear?: number;
}

/** Puts the card on the table, turns it a little, and "photographs" it (JPEG, as Telegram sends). */
async function photograph(qr: Uint8Array | undefined, look: Look): Promise<Buffer> {
  let tent = sharp(await card(qr, look.band));
  if (look.shear) tent = tent.affine([1, look.shear, look.shear / 2, 1], { background: "#00000000" });
  const turned = await tent
    .rotate(look.rotate, { background: "#00000000" })
    .png()
    .toBuffer({ resolveWithObject: true });
  // The same shape, black at a third of its opacity, softened: the card's shadow on the table.
  const shadow = await sharp(turned.data)
    .ensureAlpha()
    .linear([0, 0, 0, 0.35], [0, 0, 0, 0])
    .blur(12)
    .png()
    .toBuffer();
  const left = Math.round((WIDTH - turned.info.width) / 2);
  const top = Math.round((HEIGHT - turned.info.height) / 2);
  let photo = sharp(
    await sharp(backdrop(look.from, look.to))
      .composite([
        { input: shadow, left: left + 14, top: top + 18 },
        { input: turned.data, left, top },
      ])
      .png()
      .toBuffer(),
  );
  if (look.blur) photo = photo.blur(look.blur);
  return photo.jpeg({ quality: 85 }).toBuffer();
}

const thumbnail = (bytes: Buffer) =>
  sharp(bytes).resize(240, 180, { fit: "cover" }).jpeg({ quality: 80 }).toBuffer();

/**
 * The sample strip: a sharp SBP photo, a blurred one, a website's QR, a picture without a code, and
 * a GOST payment code. Drawn at start-up in a fraction of a second.
 */
export async function createSamplePhotos(): Promise<SamplePhoto[]> {
  const specs: Array<Omit<SamplePhoto, "bytes" | "thumbnail"> & { look: Look }> = [
    {
      id: "sbp",
      title: "СБП — чёткое фото",
      hint: "QR-код СБП на 1 250 ₽: бот покажет котировку с кнопкой «Оплатить»",
      text: SAMPLE_SBP_LINK,
      look: { from: "#8a6e55", to: "#5e4838", band: "#1f6feb", rotate: -4 },
    },
    {
      id: "sbp-blurred",
      title: "СБП — размытое",
      hint: "Снято на ходу: размыто и под углом, но бот всё равно прочитает код",
      text: SAMPLE_BLURRED_SBP_LINK,
      look: { from: "#9aa3ab", to: "#5f6870", band: "#8250df", rotate: 7, blur: 2.2, shear: 0.06 },
    },
    {
      id: "website",
      title: "Ссылка на сайт",
      hint: "QR-код сайта, а не платёжный: бот объяснит, что оплатить нельзя",
      text: SAMPLE_WEBSITE,
      look: { from: "#c9b79c", to: "#8f7d63", band: "#2da44e", rotate: 3 },
    },
    {
      id: "no-code",
      title: "Без кода",
      hint: "На фото нет QR-кода: бот подскажет, как переснять",
      text: undefined,
      look: { from: "#7c8a74", to: "#4d5a47", band: "#bf8700", rotate: -6 },
    },
    {
      id: "gost",
      title: "Квитанция (ГОСТ)",
      hint: "Платёжные реквизиты по ГОСТ Р 56042: бот покажет их, но это не СБП",
      text: SAMPLE_GOST,
      look: { from: "#b7a9c9", to: "#6f6385", band: "#cf222e", rotate: 2 },
    },
  ];
  return Promise.all(
    specs.map(async ({ look, ...spec }) => {
      const qr = spec.text === undefined ? undefined : await encodeQrPng(spec.text, 420);
      const bytes = await photograph(qr, look);
      return { ...spec, bytes, thumbnail: await thumbnail(bytes) };
    }),
  );
}
