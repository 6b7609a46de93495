/** Scrubbing secret values out of text: log lines (logger.ts) and logged provider bodies (providers/http.ts). */

export const REDACTED = "[REDACTED]";

/** Shapes of secrets we can recognise even when nobody told us the value. */
const SECRET_SHAPES = [/\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g, /\bsk_(?:live|test)_[A-Za-z0-9_]+/g];

export function createScrubber(secrets: readonly string[]): (line: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const literal = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  const variants = literal.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]);
  return (line) => {
    let out = line;
    for (const value of variants) if (out.includes(value)) out = out.split(value).join(REDACTED);
    for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
    return out;
  };
}
