/**
 * Real session directories for the desktop's tests: small sessions run to their end in process with
 * core's SessionRunner, the built memflow CLI for child processes, and the store read directly.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSessionSpec } from '../../../core/src/common/session/spec.js';
import { FIXTURES } from '../../../core/src/node/cli.js';
import { SessionRunner, SessionStore } from '../../../core/src/node/session/index.js';

export { BIN as CLI, ensureBuiltCli, ROOT } from '../../../core/test/helpers/built-cli.js';

/** Online EqProp on XOR: 48 samples, test accuracy measured every 8 (NaN between), 5 checkpoints of which 2 are kept. */
export const xorSpec = {
  format: 'memflow.session/v1',
  name: 'xor-desktop',
  seed: 1,
  workload: { kind: 'eqprop-online', hidden: [4], beta: 1e-8, lr: 1, evaluateEvery: 8 },
  stimulus: { kind: 'dataset', name: 'xor', epochs: 12 },
  recorders: { metricsEvery: 1, waveformsEvery: 1, chunkRows: 7 },
  schedule: { everySamples: 10 },
  retention: { keepCheckpoints: 2 },
};

/** A small nanowire reservoir learning online (about 2 ms a sample here). */
export function reservoirSpec(samples: number) {
  return {
    format: 'memflow.session/v1',
    name: 'reservoir-desktop',
    seed: 5,
    workload: { kind: 'reservoir-online', nanowire: { wires: 40, length: { mean: 10, std: 2 }, size: { w: 30, h: 30 } }, dt: 0.02, readoutWires: 5, task: { kind: 'narma2' } },
    stimulus: { kind: 'signal', waveform: 'uniform', lo: 0, hi: 0.5, samples },
    recorders: { metricsEvery: 1, waveformsEvery: 10, chunkRows: 500 },
    schedule: { everySamples: 100 },
    retention: { keepCheckpoints: 4 },
  };
}

export function writeSpec(root: string, name: string, spec: unknown): string {
  const file = join(root, `${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

/** Runs `spec` to its end in this process; returns the session directory. */
export async function runSession(root: string, name: string, spec: unknown): Promise<string> {
  const dir = join(root, name);
  const runner = SessionRunner.start(parseSessionSpec(spec), writeSpec(root, name, spec), dir, { fixtures: FIXTURES });
  await runner.run();
  runner.close();
  return dir;
}

/** What the store itself says (read-only), for comparison with what the desktop shows. */
export function readStore(dir: string) {
  const store = SessionStore.open(dir, 'read');
  try {
    return { record: store.record(), metrics: store.metrics(), checkpoints: store.checkpoints(), events: store.events(1000) };
  } finally {
    store.close();
  }
}

export function bits(values: readonly (number | null)[]): Buffer {
  return Buffer.from(Float64Array.from(values, (v) => (v === null ? NaN : v)).buffer);
}
