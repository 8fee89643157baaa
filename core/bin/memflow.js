#!/usr/bin/env node
// Runs the built CLI; `npm run build` (or `npm run demo`, `npm test`) builds it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The bundle (one file) starts twice as fast as the module tree it is built from.
const bundle = new URL('../dist/node/memflow.bundle.mjs', import.meta.url);
const cli = existsSync(fileURLToPath(bundle)) ? bundle : new URL('../dist/node/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('memflow is not built yet: run `npm run build` in the repository root first.\n');
  process.exit(1);
}
// A closed pipe (e.g. `memflow run X | head`) is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
