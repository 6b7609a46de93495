import type { Logger } from "../logger.js";
import type { HttpTuning } from "./http.js";
import type { Clock } from "./types.js";

/** What every provider factory may be given besides its configuration. All optional. */
export interface ProviderDeps {
  logger?: Logger;
  /** Defaults to Node's global fetch. */
  fetch?: typeof fetch;
  /** For quote expiry and webhook timestamp checks. */
  clock?: Clock;
  /** Timeouts and retries (env: see docs/providers.md). */
  http?: HttpTuning;
  /** More literal secrets to scrub from logged bodies (the API key and webhook secret always are). */
  secrets?: readonly string[];
}
