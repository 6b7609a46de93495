import { randomBytes } from "node:crypto";

// Crockford base32 without I, L, O, U: easy to read aloud and to type into /status.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** The letter each kind of money record's id starts with: P payment, R receipt (invoice), T top-up. */
export type RecordLetter = "P" | "R" | "T";

/** A short unique record id, e.g. `P7K2M9XW4TQ`: 50 random bits, enough for a company's lifetime. */
export function newRecordId(letter: RecordLetter): string {
  const bytes = randomBytes(10);
  let id = letter;
  for (let i = 0; i < 10; i++) id += ALPHABET[bytes[i]! & 31];
  return id;
}

/** What a record id of a kind looks like, as a regular-expression source without anchors. */
export const recordIdPattern = (letter: RecordLetter) => `${letter}[0-9A-HJKMNP-TV-Z]{10}`;

/** Any of our record ids (for `/status`), anchored. */
export const ANY_RECORD_ID = /^[PRT][0-9A-HJKMNP-TV-Z]{10}$/;
