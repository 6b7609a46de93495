/**
 * CSV that Excel opens correctly for Russian users: UTF-8 with a byte-order mark, `;` between
 * fields, CRLF line ends. Cells that a spreadsheet would run as a formula are defused.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string>>): Buffer {
  const text = rows.map((row) => row.map(cell).join(";")).join("\r\n");
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, "utf8")]);
}

function cell(value: string): string {
  // A merchant name like "=HYPERLINK(…)" must stay text (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Parses what {@link toCsv} writes (for tests and for reading an export back). */
export function parseCsv(data: Buffer | string): string[][] {
  let text = typeof data === "string" ? data : data.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ";") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}
