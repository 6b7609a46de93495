import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger.js";
import type { Provider } from "../../../src/providers/types.js";
import { MemoryAuditLog } from "../../../src/store/memory/audit.js";
import { MemoryRecordStore } from "../../../src/store/memory/records.js";
import { MemoryTimerStore } from "../../../src/store/memory/timers.js";
import { TopupService } from "../../../src/topups/service.js";
import type { TopupRecord } from "../../../src/topups/types.js";

/** Only what a preview asks a provider: its deposit address and its balance. */
function usdtProvider(balanceMicro: number): Provider {
  return {
    getDepositAddress: async () => ({
      address: "T…",
      network: "TRC20",
      asset: "USDT",
      balanceCurrency: "USDT",
    }),
    getBalances: async () => [{ available: { currency: "USDT", minor: balanceMicro } }],
  } as unknown as Provider;
}

function service(rate: string | undefined, balanceMicro: number) {
  return new TopupService({
    store: new MemoryRecordStore<TopupRecord>(new MemoryAuditLog(Date.now)),
    timers: new MemoryTimerStore(),
    exchanger: undefined,
    provider: () => usdtProvider(balanceMicro),
    spentSince: async () => ({ currency: "USDT", minor: 0 }),
    rateHint: async () => rate,
    ipnUrl: "http://127.0.0.1/ipn",
    logger: createLogger({ level: "silent", format: "json", secrets: [] }),
    defer: () => {},
  });
}

describe("the top-up preview's estimate", () => {
  it("is whole USDT cents, rounded down (an estimate must not look exact), in integers only", async () => {
    const preview = await service("95.00", 987_340_000).preview("lumo", {
      currency: "RUB",
      minor: 3_000_000,
    });
    // 30 000 ₽ / 95 ₽ = 315.789473… USDT → 315.78, and the balance after is the exact balance plus that.
    expect(preview.expectedUsdt).toEqual({ currency: "USDT", minor: 315_780_000 });
    expect(preview.balanceAfter).toEqual({ currency: "USDT", minor: 1_303_120_000 });
  });

  it("has no estimate without a rate to go by", async () => {
    const preview = await service(undefined, 1_000_000).preview("lumo", { currency: "RUB", minor: 100_000 });
    expect(preview.expectedUsdt).toBeUndefined();
    expect(preview.balanceAfter).toBeUndefined();
  });
});
