#!/usr/bin/env node
// Regenerates core/schema/memflow.network.v1.schema.json from the zod schema. The schema test does the
// writing, because vitest runs the TypeScript sources directly and so needs no build of core first.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync('npx', ['vitest', 'run', 'core/test/network/schema.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, UPDATE_SCHEMA: '1' },
});
process.exit(result.status ?? 1);
