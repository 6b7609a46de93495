/**
 * Every key we write starts with the configured prefix, so deployments and test runs can share one
 * Redis. Stores get a {@link Keys} and never build a key by hand.
 */
export interface Keys {
  readonly prefix: string;
  /** `prefix:part1:part2…` */
  key(...parts: (string | number)[]): string;
}

export function createKeys(prefix: string): Keys {
  return {
    prefix,
    key: (...parts) => [prefix, ...parts].join(":"),
  };
}
