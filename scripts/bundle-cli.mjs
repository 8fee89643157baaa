#!/usr/bin/env node
// Bundles the CLI into one ES module (plus chunks for the commands it imports on use): Node then loads
// one file instead of ~80, which halves start-up, and start-up is most of the time of a small simulation.
// The worker modules (characterisation, sweep, EqProp) get their own one-file bundles beside it (workers/), which the CLI bundle
// loads by that name; piscina stays external in both, since it finds its own worker file from its path.
// The plugin worker (SES lockdown + Compartment) is bundled the same way; esbuild, which the CLI uses at
// run time to bundle a plugin's code for its Compartment, stays external (it runs its own binary).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: clear the last build's so stale chunks do not pile up.
for (const f of existsSync('core/dist/node') ? readdirSync('core/dist/node', { withFileTypes: true }) : []) {
  if (f.isFile() && /^memflow[-.].*\.mjs(\.map)?$/.test(f.name)) rmSync(`core/dist/node/${f.name}`);
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's `main` is a UMD build with dynamic requires; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // node-sqlite3-wasm loads its .wasm from beside its own file.
  external: ['piscina', 'esbuild', 'node-sqlite3-wasm', 'yaml'],
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    // Same depth as dist/node/cli.js, so paths relative to the module (fixtures/) resolve alike.
    entryPoints: { 'memflow.bundle': 'core/src/node/cli.ts' },
    outdir: 'core/dist/node',
    outExtension: { '.js': '.mjs' },
    // Commands the CLI imports when used (experiments, sessions, sweeps, plugin tooling) become chunks
    // beside the bundle, so `memflow run` does not parse them; beside it, not below, so that a module
    // finding a file relative to itself (workers, fixtures) finds it from a chunk too.
    splitting: true,
    chunkNames: 'memflow-[name]-[hash]',
  }),
  build({
    ...common,
    entryPoints: ['core/src/node/workers/characterise-worker.ts'],
    // Found by core/src/node/characterise.ts (characteriseWorkerFile) relative to the CLI bundle.
    outfile: 'core/dist/node/workers/characterise-worker.bundle.mjs',
  }),
  build({
    ...common,
    entryPoints: ['core/src/node/workers/sweep-worker.ts'],
    // Found by core/src/node/sweep/index.ts (sweepWorkerFile) relative to the CLI bundle.
    outfile: 'core/dist/node/workers/sweep-worker.bundle.mjs',
  }),
  build({
    ...common,
    entryPoints: ['core/src/node/workers/eqprop-worker.ts'],
    // Found by core/src/node/learning/pool.ts (eqpropWorkerFile) relative to the CLI bundle.
    outfile: 'core/dist/node/workers/eqprop-worker.bundle.mjs',
  }),
  build({
    ...common,
    entryPoints: ['core/src/node/plugins/plugin-worker.ts'],
    // Found by core/src/node/plugins/host.ts (pluginWorkerFile) beside the CLI bundle.
    outfile: 'core/dist/node/plugin-worker.bundle.mjs',
  }),
]);
