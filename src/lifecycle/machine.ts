/**
 * A money record's life as data: its states, which moves are allowed, which states are final. Every
 * kind of record (payment, invoice, top-up order) declares one; the kernel enforces it.
 */
export interface LifecycleSpec<S extends string> {
  /** The record kind, for errors and logs: "payment". */
  readonly kind: string;
  readonly states: readonly S[];
  readonly next: Readonly<Record<S, readonly S[]>>;
  /** Money no longer moves because of us; the one final notification is due. */
  readonly final: readonly S[];
}

export interface Lifecycle<S extends string> extends LifecycleSpec<S> {
  canMove(from: S, to: S): boolean;
  isFinal(state: S): boolean;
}

/** A move the table does not allow: a bug in the caller, never a race (races change nothing). */
export class IllegalTransitionError extends Error {
  override name = "IllegalTransitionError";
  constructor(
    readonly kind: string,
    readonly recordId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${kind} ${recordId}: ${from} → ${to} is not an allowed move`);
  }
}

export function defineLifecycle<S extends string>(spec: LifecycleSpec<S>): Lifecycle<S> {
  const final = new Set<S>(spec.final);
  for (const state of spec.states) {
    for (const to of spec.next[state]) {
      if (!spec.states.includes(to)) throw new Error(`${spec.kind}: ${state} → unknown state ${to}`);
    }
  }
  return {
    ...spec,
    canMove: (from, to) => spec.next[from]?.includes(to) ?? false,
    isFinal: (state) => final.has(state),
  };
}
