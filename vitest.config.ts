import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: more forks only make the CPU-heavy decode tests fight each other.
    maxWorkers: 2,
    restoreMocks: true,
  },
});
