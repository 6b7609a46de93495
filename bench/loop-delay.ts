import { monitorEventLoopDelay } from "node:perf_hooks";

const RESOLUTION_MS = 1;

/**
 * Event-loop delay of the calling thread, in ms. Node's histogram records the time between ticks of
 * a timer that fires every `resolution` ms, so every sample includes the resolution itself (an idle
 * loop at the default 10 ms reports p99 ≈ 10.3 ms; see nodejs/node#62935). We sample every 1 ms and
 * subtract it, which leaves the delay.
 */
export function watchLoopDelay(): { stop(): { p99: number; max: number } } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const delay = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return {
    stop() {
      histogram.disable();
      return { p99: delay(histogram.percentile(99)), max: delay(histogram.max) };
    },
  };
}
