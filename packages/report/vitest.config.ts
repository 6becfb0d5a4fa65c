import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A bound against hangs, not a timing assertion: on a loaded 2-core machine a simulation can
    // take several times as long as on a quiet one (vitest's 5 s default failed there).
    testTimeout: 60_000,
  },
});
