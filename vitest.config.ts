import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the built dist/ is only for the CLI and benches.
    alias: {
      '@memflow/plugin-sdk': src('./plugins/sdk/src/index.ts'),
      '@memflow/nodes': src('./nodes/src/index.ts'),
      // Before '@memflow/core': the first matching prefix wins.
      '@memflow/core/node/session': src('./core/src/node/session/index.ts'),
      '@memflow/core': src('./core/src/index.ts'),
    },
  },
  test: {
    include: ['**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
