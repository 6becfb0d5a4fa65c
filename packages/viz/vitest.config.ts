import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser test starts a preview server and Chromium: allow for a slow cold start.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
