/**
 * Session workloads: a snapshot taken mid-run, sent through V8 serialisation (what a checkpoint file
 * holds) and restored into a freshly built workload, continues with exactly the bits of the
 * uninterrupted run; online EqProp follows the batch trainer's rule (runEqProp with batch 1).
 */
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { EqPropOnline } from '../../src/common/session/eqprop-online.js';
import { ReservoirOnline } from '../../src/common/session/reservoir-online.js';
import { parseSessionSpec, type SessionSpec } from '../../src/common/session/spec.js';
import { scalarStream } from '../../src/common/session/stimulus.js';
import { SnapshotMismatchError, type SessionWorkload } from '../../src/common/session/workload.js';
import { runEqProp, xorDataset } from '../../src/common/learning/index.js';
import { Prng } from '../../src/common/random/prng.js';

const reservoirSpec = parseSessionSpec({
  format: 'memflow.session/v1',
  name: 'r',
  seed: 3,
  workload: { kind: 'reservoir-online', nanowire: { wires: 40, length: { mean: 10, std: 2 }, size: { w: 30, h: 30 } }, dt: 0.02, readoutWires: 5, task: { kind: 'narma2' } },
  stimulus: { kind: 'signal', waveform: 'uniform', lo: 0, hi: 1, samples: 60 },
  schedule: { everySamples: 10 },
});

const eqpropSpec = parseSessionSpec({
  format: 'memflow.session/v1',
  name: 'e',
  seed: 1,
  workload: { kind: 'eqprop-online', hidden: [4], beta: 1e-8, lr: 1, momentum: 0.5, evaluateEvery: 3 },
  stimulus: { kind: 'dataset', name: 'xor', epochs: 6 },
  schedule: { everySamples: 10 },
});

function reservoir(spec: SessionSpec): ReservoirOnline {
  if (spec.workload.kind !== 'reservoir-online') throw new Error('spec');
  return new ReservoirOnline(spec.workload, scalarStream(spec.stimulus), spec.seed);
}

function eqprop(spec: SessionSpec): EqPropOnline {
  if (spec.workload.kind !== 'eqprop-online' || spec.stimulus.kind !== 'dataset') throw new Error('spec');
  return new EqPropOnline(spec.workload, xorDataset(-1, 1), spec.stimulus.epochs, spec.seed);
}

function runAll(w: SessionWorkload, from = 0): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let n = from; n < w.totalSamples; n++) {
    const r = w.step();
    rows.push(Float64Array.from([...r.metrics, ...r.waveform]));
  }
  return rows;
}

function bits(rows: Float64Array[]): Buffer {
  return Buffer.concat(rows.map((r) => Buffer.from(r.buffer)));
}

describe.each([
  ['reservoir-online', () => reservoir(reservoirSpec)],
  ['eqprop-online', () => eqprop(eqpropSpec)],
])('%s', (_name, build) => {
  it('resumes from a serialised snapshot bit-identically, at several cut points', () => {
    const reference = runAll(build());
    const total = reference.length;
    const rng = new Prng(11);
    for (let trial = 0; trial < 3; trial++) {
      const cut = 1 + rng.int(total - 2);
      const first = build();
      for (let n = 0; n < cut; n++) first.step();
      const saved = deserialize(serialize(first.snapshot()));
      // The first workload keeps running: the snapshot must be a copy, not a view of live state.
      first.step();
      const resumed = build();
      resumed.restore(saved);
      expect(resumed.index).toBe(cut);
      expect(bits(runAll(resumed, cut))).toEqual(bits(reference.slice(cut)));
      expect(resumed.snapshot()).toEqual(runAllSnapshot(build));
    }
  });

  it('refuses a snapshot of another workload or shape', () => {
    const w = build();
    w.step();
    const s = w.snapshot();
    expect(() => build().restore({ ...s, kind: 'other' })).toThrow(SnapshotMismatchError);
    const broken = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v instanceof Float64Array ? v.subarray(1) : v])) as typeof s;
    expect(() => build().restore(broken)).toThrow(SnapshotMismatchError);
  });
});

function runAllSnapshot(build: () => SessionWorkload) {
  const w = build();
  runAll(w);
  return w.snapshot();
}

describe('online EqProp', () => {
  it('applies the batch trainer’s rule: same conductances as runEqProp with batch 1 (to the solver tolerance)', () => {
    const spec = parseSessionSpec({ ...eqpropSpec, workload: { ...eqpropSpec.workload, momentum: 0, evaluateEvery: 0 } });
    const online = eqprop(spec);
    runAll(online);
    const w = spec.workload;
    if (w.kind !== 'eqprop-online') throw new Error('spec');
    const batch = runEqProp({ data: xorDataset(-1, 1), hidden: w.hidden, beta: w.beta, lr: w.lr, epochs: 6, batch: 1, seed: 1, targetHigh: w.targetHigh, targetLow: w.targetLow });
    // Same samples in the same order and the same updates; the two differ only in where each Newton
    // solve starts (runEqProp evaluates the whole set between epochs), i.e. within the solver's tolerance.
    let worst = 0;
    for (let k = 0; k < batch.conductances.length; k++) worst = Math.max(worst, Math.abs(online.trainer.g[k] - batch.conductances[k]) / batch.conductances[k]);
    expect(worst).toBeLessThan(1e-6);
    // ...and training moved them: the comparison is not between two untouched initialisations.
    const fresh = eqprop(spec);
    let moved = 0;
    for (let k = 0; k < fresh.trainer.g.length; k++) moved = Math.max(moved, Math.abs(online.trainer.g[k] - fresh.trainer.g[k]) / fresh.trainer.g[k]);
    expect(moved).toBeGreaterThan(1e-2);
  });
});
