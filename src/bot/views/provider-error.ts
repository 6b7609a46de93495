import type { ProviderErrorKind } from "../../providers/types.js";
import type { Translate } from "./format.js";

/** Kinds with their own message; the rest get the general one. */
const SPECIFIC: ReadonlySet<ProviderErrorKind> = new Set([
  "invalid_qr",
  "unavailable",
  "network",
  "timeout",
  "rate_limited",
  "unauthorized",
  "insufficient_funds",
  "quote_expired",
]);

export function providerErrorText(t: Translate, kind: ProviderErrorKind): string {
  return t(SPECIFIC.has(kind) ? `provider-error-${kind}` : "provider-error-other");
}
