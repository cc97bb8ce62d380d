import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// Tests are type-checked by `npm run typecheck` (tsconfig.json includes them), which CI runs.
export default defineConfig({
  define: { __CLAUDE_HYBRID_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // expect.poll waits for what a browser or a server shows: on a loaded 2-core machine (CI runs
    // test files in parallel) a second is not always enough.
    expect: { poll: { timeout: 5_000 } },
  },
});
