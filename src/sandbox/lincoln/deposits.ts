import type { LincolnPayout } from "./simulator.js";

/** A provider simulator that USDT can be sent to: Lumo's wallet address, ArdorQR's deposit address. */
export interface DepositTarget {
  address: string;
  deposit(amountUsdtMicro: number): unknown;
}

/**
 * An `onPayout` hook that delivers each payout to the simulator owning the address, the way the
 * blockchain would. A payout to an address nobody owns fails (the simulator records it on the order).
 */
export function payoutToSimulators(targets: readonly DepositTarget[]): (payout: LincolnPayout) => unknown {
  return ({ toAddress, outAmountMicro }) => {
    const target = targets.find((t) => t.address === toAddress);
    if (!target) throw new Error(`no simulator owns ${toAddress}`);
    return target.deposit(outAmountMicro);
  };
}

/** The Lumo simulator as a deposit target. */
export function lumoTarget(sim: {
  state: { address: string };
  controls: { deposit(input: { amountUsdtMicro: number }): unknown };
}): DepositTarget {
  return {
    address: sim.state.address,
    deposit: (amountUsdtMicro) => sim.controls.deposit({ amountUsdtMicro }),
  };
}

/** The ArdorQR simulator as a deposit target. */
export function ardorTarget(sim: {
  state: { depositAddress: string };
  controls: { deposit(input: { amountUsdtMicro: number }): unknown };
}): DepositTarget {
  return {
    address: sim.state.depositAddress,
    deposit: (amountUsdtMicro) => sim.controls.deposit({ amountUsdtMicro }),
  };
}
