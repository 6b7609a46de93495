import type { Logger } from "../logger.js";

const LEVELS: ReadonlySet<string> = new Set(["fatal", "error", "warn", "info", "debug", "trace"]);
const noop = () => {};

/**
 * A child logger that is only built when something is logged through it. Per-request and
 * per-update children are created thousands of times a second; most never write a line.
 */
export function lazyChild(parent: Logger, bindings: () => Record<string, unknown>): Logger {
  let child: Logger | undefined;
  return new Proxy({} as Logger, {
    get(_target, property) {
      // A line below the level would be dropped anyway: no child needed for it.
      if (typeof property === "string" && LEVELS.has(property) && !parent.isLevelEnabled(property))
        return noop;
      child ??= parent.child(bindings());
      const value = Reflect.get(child, property, child);
      return typeof value === "function" ? value.bind(child) : value;
    },
  });
}
