import { describe, expect, it } from "vitest";
import {
  ARDOR_EVENT_STATUSES,
  ARDOR_STATUS_NAMES,
  ARDOR_STATUSES,
} from "../../../src/providers/ardor/schemas.js";
import { LUMO_STATUS_NAMES, LUMO_STATUSES } from "../../../src/providers/lumo/schemas.js";
import { createProviders, PROVIDER_NAMES } from "../../../src/providers/registry.js";
import { expireStaleQuote, isFinalStatus } from "../../../src/providers/status.js";
import {
  PAYMENT_STATUSES,
  PROVIDER_ERROR_KINDS,
  type Provider,
  ProviderError,
  type ProviderErrorKind,
} from "../../../src/providers/types.js";

const lumoConfig = { apiUrl: "http://127.0.0.1:1", apiKey: "lumo-key", webhookSecret: "lumo-secret" };
const ardorConfig = {
  apiUrl: "http://127.0.0.1:1",
  apiKey: "sk_live_abc_def",
  webhookSecret: "ardor-secret",
};

describe("status tables", () => {
  it("map every documented Lumo status", () => {
    expect(Object.keys(LUMO_STATUSES).sort()).toEqual([...LUMO_STATUS_NAMES].sort());
    expect(LUMO_STATUSES).toEqual({
      created: "quoted",
      in_progress: "processing",
      success: "succeeded",
      failed: "failed",
      expired_no_taker: "expired",
      expired_by_system: "expired",
      disputed: "disputed",
    });
  });

  it("map every documented ArdorQR status and event", () => {
    expect(Object.keys(ARDOR_STATUSES).sort()).toEqual([...ARDOR_STATUS_NAMES].sort());
    expect(ARDOR_STATUSES).toEqual({
      resolved: "quoted",
      confirming: "processing",
      completed: "succeeded",
      failed: "failed",
    });
    expect(Object.keys(ARDOR_EVENT_STATUSES)).toHaveLength(5);
  });

  it("only produce normalized statuses", () => {
    for (const status of [...Object.values(LUMO_STATUSES), ...Object.values(ARDOR_STATUSES)]) {
      expect(PAYMENT_STATUSES).toContain(status);
    }
  });

  it("expire a quote at its expiry, and nothing else", () => {
    const at = new Date(1_000);
    expect(expireStaleQuote("quoted", at, 999)).toBe("quoted");
    expect(expireStaleQuote("quoted", at, 1_000)).toBe("expired");
    expect(expireStaleQuote("processing", at, 5_000)).toBe("processing");
    expect(expireStaleQuote("quoted", undefined, 5_000)).toBe("quoted");
  });

  it("know which statuses are final", () => {
    expect(PAYMENT_STATUSES.filter(isFinalStatus)).toEqual(["succeeded", "failed", "expired"]);
  });
});

describe("ProviderError", () => {
  it.each(PROVIDER_ERROR_KINDS)("knows whether %s is worth retrying", (kind: ProviderErrorKind) => {
    const error = new ProviderError({ provider: "lumo", kind, operation: "confirm" });
    expect(error.retryable).toBe(["network", "timeout", "rate_limited", "unavailable"].includes(kind));
    expect(error.forAdmins).toBe(kind === "unauthorized");
  });

  it("has a short safe message", () => {
    const error = new ProviderError({
      provider: "ardor",
      kind: "insufficient_funds",
      operation: "confirm",
      status: 402,
    });
    expect(error.message).toBe("ardor confirm: insufficient_funds (HTTP 402)");
    expect(error.name).toBe("ProviderError");
  });
});

describe("provider registry", () => {
  const optionalMembers = {
    depositAddress: (p: Provider) => p.getDepositAddress,
    deposits: (p: Provider) => p.listDeposits,
    ledger: (p: Provider) => p.getLedger,
  } as const;

  it("builds only the configured providers", () => {
    expect(Object.keys(createProviders({ lumo: lumoConfig, ardor: undefined }))).toEqual(["lumo"]);
    const both = createProviders({ lumo: lumoConfig, ardor: ardorConfig });
    expect(both.lumo?.name).toBe("lumo");
    expect(both.ardor?.name).toBe("ardor");
    expect(both.ardor?.mode).toBe("live");
    expect(both.lumo?.mode).toBeUndefined();
  });

  it.each(PROVIDER_NAMES)("declares exactly the optional members %s has", (name) => {
    const provider = createProviders({ lumo: lumoConfig, ardor: ardorConfig })[name as "lumo" | "ardor"]!;
    for (const [capability, member] of Object.entries(optionalMembers)) {
      expect([capability, member(provider) !== undefined]).toEqual([
        capability,
        provider.capabilities[capability as keyof typeof optionalMembers],
      ]);
    }
  });
});
