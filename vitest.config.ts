import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Leak test reads every log line the suite wrote; see test/setup/capture-logs.ts.
    setupFiles: ['test/setup/capture-logs.ts'],
    globalSetup: ['test/setup/global.ts'],
    reporters: ['default', './test/setup/summary-reporter.ts'],
  },
});
