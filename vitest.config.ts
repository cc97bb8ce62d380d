import { defineConfig } from 'vitest/config';

// Tests are type-checked by `npm run typecheck` (tsconfig.json includes them), which CI runs.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
