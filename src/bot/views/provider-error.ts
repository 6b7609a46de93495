import type { OutageAlert } from "../../payments/outages.js";
import type { ProviderErrorKind } from "../../providers/types.js";
import { providerTitle, type Translate } from "./format.js";

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

/** The administrators' one message when a provider stopped answering quotes. */
export function outageText(t: Translate, alert: OutageAlert): string {
  const provider = providerTitle(alert.provider);
  const alternatives = alert.alternatives.map(providerTitle).join(", ");
  return alternatives
    ? t("provider-down-admins-fallback", { provider, alternatives })
    : t("provider-down-admins", { provider });
}
