import { describe, expect, it } from "vitest";
import { isPaymentId, newPaymentId } from "../../src/payments/ids.js";
import {
  canTransition,
  isFinal,
  PAYMENT_STATES,
  stateAfterProviderStatus,
} from "../../src/payments/lifecycle.js";

describe("payment state machine", () => {
  it("only moves forward", () => {
    expect(canTransition("quoted", "confirming")).toBe(true);
    expect(canTransition("confirming", "quoted")).toBe(false);
    expect(canTransition("succeeded", "processing")).toBe(false);
    expect(canTransition("succeeded", "failed")).toBe(false);
    expect(canTransition("succeeded", "disputed")).toBe(true);
    for (const s of PAYMENT_STATES)
      if (isFinal(s) && s !== "succeeded") expect(canTransition(s, "succeeded")).toBe(false);
  });

  it("applies provider reports forward-only and ignores duplicates and late ones", () => {
    expect(stateAfterProviderStatus("confirming", "processing")).toBe("processing");
    expect(stateAfterProviderStatus("processing", "succeeded")).toBe("succeeded");
    expect(stateAfterProviderStatus("succeeded", "processing")).toBeUndefined();
    expect(stateAfterProviderStatus("succeeded", "succeeded")).toBeUndefined();
    expect(stateAfterProviderStatus("failed", "succeeded")).toBeUndefined();
    expect(stateAfterProviderStatus("processing", "quoted")).toBeUndefined();
    expect(stateAfterProviderStatus("succeeded", "disputed")).toBe("disputed");
  });

  it("never believes a payment report for a quote nobody confirmed", () => {
    expect(stateAfterProviderStatus("quoted", "succeeded")).toBeUndefined();
    expect(stateAfterProviderStatus("quoted", "processing")).toBeUndefined();
    expect(stateAfterProviderStatus("quoted", "expired")).toBe("expired");
  });

  it("makes short readable ids", () => {
    const ids = new Set(Array.from({ length: 1000 }, newPaymentId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isPaymentId(id)).toBe(true);
    expect(isPaymentId("P0000000000")).toBe(true);
    expect(isPaymentId("PIIIIIIIIII")).toBe(false);
  });
});
