/**
 * Resistor–diode monDEQ: the splitting solvers against an exhaustive active-set solution of the same
 * equilibrium, the circuit's operating point against both, the hardware-linearised (adjoint circuit)
 * gradient against the implicit-function gradient and central finite differences, and a short training
 * run in circuit simulation whose loss falls (re-measured on the splitting path).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinDevices } from '@memflow/nodes';
import {
  Adam,
  agreement,
  CascadeSolver,
  CircuitEngine,
  diodeActivation,
  evaluate,
  initParams,
  injection,
  luFactor,
  luSolve,
  MonDeqCircuit,
  monDeqNetwork,
  PARAM_BLOCKS,
  reluActivation,
  SplittingEngine,
  SplittingSolver,
  trainMonDeq,
  weightMatrix,
  zerosLike,
  type MonDeqParams,
} from '../../src/common/learning/mondeq/index.js';
import { irisDataset } from '../../src/common/learning/data.js';
import { DeviceRegistry } from '../../src/common/compiler/registry.js';
import { parseNetworkJson } from '../../src/common/network/index.js';
import { simulate } from '../../src/common/solver/simulate.js';
import { Prng } from '../../src/common/random/prng.js';

const relu = reluActivation();

/** A random instance whose equilibria have both active and inactive neurons. */
function instance(seed: number, n: number, nIn = 4, nOut = 3): { p: MonDeqParams; xs: number[][] } {
  const rng = new Prng(seed);
  const p = initParams({ nIn, n, nOut }, rng, { coupling: 1.5, margin: 0.2, bias: 0.5 });
  const xs = Array.from({ length: 4 }, () => Array.from({ length: nIn }, () => rng.uniform(-1, 1)));
  return { p, xs };
}

/**
 * The ReLU equilibrium by enumeration: for every active set S solve (I − W)_SS z_S = u_S, z elsewhere 0,
 * and keep the one with z_S ≥ 0 and ((I − W) z − u) ≥ 0 off S (the linear complementarity conditions).
 */
function bruteForce(p: MonDeqParams, x: readonly number[]): Float64Array {
  const { n } = p;
  const W = weightMatrix(p);
  const u = injection(p, x);
  for (let mask = 0; mask < 1 << n; mask++) {
    const S = [...Array(n).keys()].filter((j) => mask & (1 << j));
    const z = new Float64Array(n);
    if (S.length > 0) {
      const M = new Float64Array(S.length * S.length);
      S.forEach((i, a) => S.forEach((j, b) => (M[a * S.length + b] = (i === j ? 1 : 0) - W[i * n + j])));
      const zs = luSolve(luFactor(M, S.length), S.map((j) => u[j]));
      S.forEach((j, a) => (z[j] = zs[a]));
    }
    let ok = S.every((j) => z[j] >= -1e-12);
    for (let i = 0; i < n && ok; i++) {
      if (mask & (1 << i)) continue;
      let r = -u[i];
      for (let j = 0; j < n; j++) r += ((i === j ? 1 : 0) - W[i * n + j]) * z[j];
      if (r < -1e-12) ok = false;
    }
    if (ok) return z;
  }
  throw new Error('no active set satisfies the complementarity conditions');
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, k) => Math.abs(v - b[k])));

describe('monDEQ splitting', () => {
  it('Peaceman–Rachford and forward–backward reach the exhaustive active-set equilibrium', () => {
    for (const seed of [1, 2, 3]) {
      const { p, xs } = instance(seed, 6);
      const pr = new SplittingSolver(p, relu, { method: 'pr', tol: 1e-14 });
      const fb = new SplittingSolver(p, relu, { method: 'fb', tol: 1e-14 });
      for (const x of xs) {
        const ref = bruteForce(p, x);
        expect(maxAbs(pr.solve(x).z, ref)).toBeLessThan(1e-10);
        expect(maxAbs(fb.solve(x).z, ref)).toBeLessThan(1e-10);
      }
    }
  });

  it('rejects a forward–backward step beyond 2m/L² and a non-positive margin', () => {
    const { p } = instance(1, 4);
    expect(() => new SplittingSolver(p, relu, { method: 'fb', alpha: 10 })).toThrow(/alpha < 2m\/L²/);
    expect(() => initParams({ nIn: 2, n: 2, nOut: 2 }, new Prng(1), { margin: 0 })).toThrow(/margin m must be > 0/);
  });
});

describe('monDEQ circuit operating point', () => {
  it('is the closed-form equilibrium of a one-neuron network, z = max(0, u / (m + a²))', () => {
    const p = initParams({ nIn: 1, n: 1, nOut: 1 }, new Prng(1), { margin: 0.3 });
    p.A[0] = 0.8;
    p.U[0] = 1.5;
    p.b[0] = -0.2;
    const c = new MonDeqCircuit(p, relu);
    c.setParams(p);
    for (const x of [-1, 0.1, 0.5, 2]) {
      c.forward([x]);
      const u = 1.5 * x - 0.2;
      expect(Math.abs(c.neurons()[0] - Math.max(0, u / (0.3 + 0.64)))).toBeLessThan(1e-8);
    }
  });

  it('equals the ReLU monDEQ fixed point to 1e-6 on random instances (cold and warm starts)', () => {
    for (const [seed, n] of [
      [1, 5],
      [2, 8],
      [3, 12],
    ]) {
      const { p, xs } = instance(seed, n);
      const solver = new SplittingSolver(p, relu, { tol: 1e-14 });
      const circuit = new MonDeqCircuit(p, relu);
      circuit.setParams(p);
      let active = 0;
      let inactive = 0;
      for (const x of xs) {
        const ref = solver.solve(x).z;
        circuit.forward(x);
        expect(maxAbs(circuit.neurons(), ref)).toBeLessThan(1e-6);
        for (const v of ref) {
          if (v > 1e-6) active++;
          else inactive++;
        }
      }
      // Non-trivial instances: both diode states occur.
      expect(active).toBeGreaterThan(0);
      expect(inactive).toBeGreaterThan(0);
    }
  });

  it('equals the diode-ReLU monDEQ fixed point (non-ideal diode) to 1e-6', () => {
    const act = diodeActivation();
    const { p, xs } = instance(4, 8);
    const solver = new SplittingSolver(p, act, { tol: 1e-14 });
    const circuit = new MonDeqCircuit(p, act);
    circuit.setParams(p);
    let below = 0;
    for (const x of xs) {
      const eq = solver.solve(x);
      expect(eq.residual).toBeLessThan(1e-10);
      circuit.forward(x);
      expect(maxAbs(circuit.neurons(), eq.z)).toBeLessThan(1e-6);
      // Neurons past the knee (z < −vth) exercise the diode's on branch.
      below += eq.z.filter((v) => v < -0.2).length;
    }
    expect(below).toBeGreaterThan(0);
  });

  it('rejects parameters and inputs of the wrong shape', () => {
    const { p } = instance(1, 4);
    const circuit = new MonDeqCircuit(p, relu);
    expect(() => circuit.setParams(instance(1, 5).p)).toThrow(/parameters are 4-5-3, the circuit 4-4-3/);
    circuit.setParams(p);
    expect(() => circuit.forward([1, 2])).toThrow(/input has 2 features, the circuit 4/);
  });
});

describe('hardware-linearised gradient', () => {
  it('matches the implicit-function gradient and finite differences to 1e-4 (ReLU)', () => {
    for (const [seed, n] of [
      [5, 6],
      [6, 10],
    ]) {
      const { p, xs } = instance(seed, n);
      const circuit = new MonDeqCircuit(p, relu);
      xs.forEach((x, k) => {
        const a = agreement(p, relu, x, k % p.nOut, { circuit, fdCount: k === 0 ? 30 : 0, seed });
        expect(a.fixedPointMaxAbs).toBeLessThan(1e-6);
        expect(a.hardwareVsImplicit).toBeLessThan(1e-4);
        if (k === 0) {
          expect(a.fdEntries + a.fdKinks).toBe(30);
          expect(a.fdEntries).toBeGreaterThanOrEqual(25);
          expect(a.hardwareVsFd).toBeLessThan(1e-4);
          expect(a.implicitVsFd).toBeLessThan(1e-4);
        }
      });
    }
  });

  it('matches the implicit-function gradient and finite differences to 1e-4 (diode ReLU)', () => {
    const act = diodeActivation();
    const { p, xs } = instance(7, 6);
    const a = agreement(p, act, xs[0], 1, { fdCount: 30, seed: 7 });
    expect(a.hardwareVsImplicit).toBeLessThan(1e-4);
    expect(a.hardwareVsFd).toBeLessThan(1e-4);
    expect(a.implicitVsFd).toBeLessThan(1e-4);
  });
});

describe('cascades', () => {
  /** Two stages: 4 inputs → 7 neurons (7 outputs) → 5 neurons → 3 classes. */
  function cascade(seed: number): { stages: MonDeqParams[]; xs: number[][] } {
    const rng = new Prng(seed);
    const init = { coupling: 1.5, margin: 0.2, bias: 0.5 };
    const stages = [initParams({ nIn: 4, n: 7, nOut: 7 }, rng, init), initParams({ nIn: 7, n: 5, nOut: 3 }, rng, init)];
    const xs = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => rng.uniform(-1, 1)));
    return { stages, xs };
  }

  it('has the operating point of the stages solved one after the other', () => {
    const { stages, xs } = cascade(8);
    const whole = new MonDeqCircuit(stages, relu);
    whole.setParams(stages);
    const first = new MonDeqCircuit(stages[0], relu);
    first.setParams(stages[0]);
    const second = new MonDeqCircuit(stages[1], relu);
    second.setParams(stages[1]);
    for (const x of xs) {
      whole.forward(x);
      first.forward(x);
      second.forward(first.logits());
      expect(maxAbs(whole.neurons(0), first.neurons())).toBeLessThan(1e-8);
      expect(maxAbs(whole.neurons(1), second.neurons())).toBeLessThan(1e-8);
      expect(maxAbs(whole.logits(), second.logits())).toBeLessThan(1e-8);
    }
  });

  it('agrees with the splitting cascade: fixed points to 1e-6, gradients to 1e-4 (ReLU and diode ReLU)', () => {
    for (const act of [relu, diodeActivation()]) {
      const { stages, xs } = cascade(9);
      const a = agreement(stages, act, xs[0], 2, { fdCount: 30, seed: 9 });
      expect(a.fixedPointMaxAbs).toBeLessThan(1e-6);
      expect(a.hardwareVsImplicit).toBeLessThan(1e-4);
      expect(a.hardwareVsFd).toBeLessThan(1e-4);
      expect(a.implicitVsFd).toBeLessThan(1e-4);
    }
  });

  it('exports as a valid memflow network whose .op (generic simulate path) is the splitting cascade', () => {
    const { stages, xs } = cascade(10);
    const text = JSON.stringify(monDeqNetwork(stages, relu, xs[1]));
    const network = parseNetworkJson(text, 'mondeq.json');
    const result = simulate(network, new DeviceRegistry(builtinDevices).lookup, { type: 'op' });
    const sol = new CascadeSolver(stages, relu, { tol: 1e-14 }).solve(xs[1]);
    const col = (name: string) => result.data[result.columns.indexOf(name)][0];
    for (let j = 0; j < 7; j++) expect(Math.abs(col(`v(z${j})`) - sol.equilibria[0].z[j])).toBeLessThan(1e-6);
    for (let j = 0; j < 5; j++) expect(Math.abs(col(`v(s1_z${j})`) - sol.equilibria[1].z[j])).toBeLessThan(1e-6);
    for (let k = 0; k < 3; k++) expect(Math.abs(col(`v(s1_o${k})`) - sol.logits[k])).toBeLessThan(1e-6);
  });

  it('rejects stages whose sizes do not chain', () => {
    const rng = new Prng(1);
    const stages = [initParams({ nIn: 4, n: 3, nOut: 3 }, rng), initParams({ nIn: 5, n: 2, nOut: 2 }, rng)];
    expect(() => new MonDeqCircuit(stages, relu)).toThrow(/stage 1 has 5 inputs but stage 0 has 3 outputs/);
  });
});

describe('training in circuit simulation', () => {
  it('computes the implicit gradient at every step of a training trajectory', () => {
    const data = irisDataset(readFileSync(new URL('../../../fixtures/data/iris.csv', import.meta.url), 'utf8'), 1);
    const p = initParams({ nIn: data.features, n: 6, nOut: data.classes }, new Prng(4));
    const circuit = new CircuitEngine(p, relu);
    const splitting = new SplittingEngine(p, relu, { tol: 1e-14 });
    const adam = new Adam(p, 0.05);
    for (let b = 0; b < 6; b++) {
      const gc = [zerosLike(p)];
      const gs = [zerosLike(p)];
      for (const s of data.train.slice(8 * b, 8 * b + 8)) {
        circuit.sample(s, gc);
        splitting.sample(s, gs);
      }
      let num = 0;
      let den = 0;
      for (const k of PARAM_BLOCKS)
        for (let i = 0; i < gs[0][k].length; i++) {
          num = Math.max(num, Math.abs(gc[0][k][i] - gs[0][k][i]));
          den = Math.max(den, Math.abs(gs[0][k][i]));
        }
      expect(num / den).toBeLessThan(1e-4);
      adam.step(p, gs);
      circuit.setParams(p);
      splitting.setParams(p);
    }
  });

  it('reduces the loss, as re-measured on the splitting path', () => {
    const data = irisDataset(readFileSync(new URL('../../../fixtures/data/iris.csv', import.meta.url), 'utf8'), 1);
    const cfg = { data, hidden: 4, epochs: 3, batch: 8, lr: 0.05, seed: 2, path: 'circuit' as const };
    const result = trainMonDeq(cfg);
    expect(result.final.train.loss).toBeLessThan(0.8 * result.initial.train.loss);
    // Same seed ⇒ same initial parameters; the splitting path measures both ends independently.
    const p0 = initParams({ nIn: data.features, n: cfg.hidden, nOut: data.classes }, new Prng(cfg.seed));
    const before = evaluate(new SplittingEngine(p0, relu), data.train, data.classes).loss;
    const after = evaluate(new SplittingEngine(result.params, relu), data.train, data.classes).loss;
    expect(Math.abs(before - result.initial.train.loss)).toBeLessThan(1e-6);
    expect(Math.abs(after - result.final.train.loss)).toBeLessThan(1e-6);
    expect(after).toBeLessThan(0.8 * before);
  });
});
