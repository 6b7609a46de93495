/** Escapes text for Telegram's `parse_mode: "HTML"`: only `&`, `<` and `>` are special there. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
