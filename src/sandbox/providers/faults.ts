/** Failures a simulator injects on demand: an error status, a malformed body, or a late answer. */
export type Fault =
  /** Answer with this status and the provider's error body (503 by default; 429 with Retry-After). */
  | { kind: "status"; status: number; retryAfterSeconds?: number }
  /** Answer with exactly this body instead of the real one. */
  | { kind: "body"; status: number; body: string }
  /** Do the work, then hold the answer this long: the client times out although the call took effect. */
  | { kind: "timeout"; hangMs: number };

interface Armed {
  fault: Fault;
  /** Endpoint name, or every endpoint when absent. */
  endpoint?: string;
  remaining: number;
}

export class FaultPlan {
  private armed: Armed[] = [];

  add(fault: Fault, options: { endpoint?: string; times?: number } = {}): void {
    this.armed.push({ fault, endpoint: options.endpoint, remaining: options.times ?? 1 });
  }

  /** The first armed fault for this endpoint, used up once. */
  take(endpoint: string): Fault | undefined {
    const index = this.armed.findIndex((a) => a.endpoint === undefined || a.endpoint === endpoint);
    const armed = this.armed[index];
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed.splice(index, 1);
    return armed.fault;
  }

  clear(): void {
    this.armed = [];
  }

  get pending(): number {
    return this.armed.reduce((sum, a) => sum + a.remaining, 0);
  }
}
