/**
 * The fused loops for two-terminal one-state devices (two-terminal.ts) against the general code they
 * replace (condense.ts and the per-entry stamping of kernel.ts), on random derivatives, clamping and
 * step sizes: the condensed Jacobian, A⁻¹, C and W, the residual, and the recovered state updates.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '@memflow/plugin-sdk';
import { NETWORK_FORMAT, type ElementSpec, type Network } from '../../src/common/network/types.js';
import { compileSystem, type ModelGroup } from '../../src/common/solver/system.js';
import { condenseJacobian, condenseRhs, recoverStates } from '../../src/common/solver/condense.js';
import { bindTwoTerminal, planTwoTerminal, type TwoTerminalArrays } from '../../src/common/solver/two-terminal.js';
import { Prng } from '../../src/common/random/prng.js';

const mulberry32 = (seed: number): (() => number) => {
  const prng = new Prng(seed);
  return () => prng.next();
};

const ALL_ENTRIES: [string, string][] = ['p', 'n', 's'].flatMap((r) => ['p', 'n', 's'].map((c) => [r, c] as [string, string]));

/** A two-terminal device with a state and every Jacobian entry declared; its values come from the test. */
function device(jacobian: [string, string][]): DeviceModel {
  return {
    id: 'test.two-terminal',
    version: '1.0.0',
    title: 'test device',
    kind: 'memristor',
    terminals: ['p', 'n'],
    params: {},
    states: { s: { init: 0.5, min: 0, max: 1 } },
    jacobian,
    evaluate() {},
  };
}

function group(model: DeviceModel, count: number): { g: ModelGroup; nnz: number; size: number } {
  // A ladder of devices between random nets, some to ground, plus resistors so that every net has a DC path.
  const rand = mulberry32(7);
  const elements: ElementSpec[] = [];
  for (let i = 0; i < count; i++) {
    const a = Math.floor(rand() * 6);
    const b = Math.floor(rand() * 6);
    elements.push({ id: `d${i}`, device: model.id, nodes: [a === 0 ? '0' : `n${a}`, b === a ? '0' : `n${b}`] });
  }
  for (let k = 1; k < 6; k++) elements.push({ id: `r${k}`, device: 'resistor', nodes: [`n${k}`, '0'], params: { r: 1e3 } });
  const network: Network = { format: NETWORK_FORMAT, elements };
  const resistor: DeviceModel = {
    id: 'resistor',
    version: '1.0.0',
    title: 'r',
    kind: 'passive',
    terminals: ['p', 'n'],
    params: { r: { default: 1 } },
    jacobian: [['p', 'p'], ['p', 'n'], ['n', 'p'], ['n', 'n']],
    linear: true,
    evaluate() {},
  };
  const sys = compileSystem(network, (id) => (id === model.id ? model : id === 'resistor' ? resistor : undefined));
  const g = sys.groups.find((x) => x.model.id === model.id)!;
  return { g, nnz: sys.pattern.rowIdx.length, size: sys.size };
}

/** A kernel's arrays for `size` unknowns, with the given ones in place. */
function arrays(size: number, nnz: number, given: Partial<TwoTerminalArrays>): TwoTerminalArrays {
  const rows = () => new Float64Array(size + 1);
  return {
    y: rows(),
    residual: rows(),
    scale: rows(),
    correction: rows(),
    delta: rows(),
    jac: new Float64Array(nnz + 1),
    hist: rows(),
    stateInvAlpha: rows(),
    lo: rows().fill(-Infinity),
    hi: rows().fill(Infinity),
    clamped: new Uint8Array(size + 1),
    tol: rows(),
    reltol: 1e-3,
    ...given,
  };
}

describe('fused two-terminal one-state loops', () => {
  for (const [label, entries] of [
    ['all nine entries', ALL_ENTRIES],
    ['a memristor’s eight (no ∂rate/∂state)', ALL_ENTRIES.filter(([r, c]) => !(r === 's' && c === 's'))],
  ] as const) {
    it(`stamp the same condensed Jacobian, A⁻¹, C and W as the general code: ${label}`, () => {
      const { g, nnz, size } = group(device(entries as [string, string][]), 40);
      const plan = planTwoTerminal(g, nnz);
      expect(plan).toBeDefined();
      const rand = mulberry32(11);
      for (const d of g.df) for (let i = 0; i < g.n; i++) d[i] = rand() * 2 - 1;
      const clamped = new Uint8Array(size);
      const ia = new Float64Array(size);
      for (let r = 0; r < size; r++) {
        clamped[r] = rand() < 0.2 ? 1 : 0;
        ia[r] = 1e-3 * (1 + rand());
      }
      const inputs = { tran: true, alpha: 0, clamped, stateInvAlpha: ia };

      // General: every ∂f entry outside the state row and column, then condenseJacobian.
      const general = new Float64Array(nnz + 1);
      for (let e = 0; e < g.jfRow.length; e++) {
        if (g.jfRow[e] >= g.firstState || g.jfCol[e] >= g.firstState) continue;
        for (let i = 0; i < g.n; i++) general[g.jfSlot[e * g.n + i]] += g.df[e][i];
      }
      expect(condenseJacobian(g, inputs, general)).toBe(-1);
      const want = { aInv: g.condensation.aInv.slice(), c: g.condensation.c.slice(), w: g.condensation.w.slice() };

      g.condensation.aInv.fill(NaN);
      g.condensation.c.fill(NaN);
      g.condensation.w.fill(NaN);
      const fused = new Float64Array(nnz + 1);
      const passes = bindTwoTerminal(g, plan!, arrays(size, nnz, { jac: fused, clamped, stateInvAlpha: ia }));
      expect(passes.stamp(true)).toBe(-1);
      for (let k = 0; k < nnz; k++) expect(fused[k]).toBeCloseTo(general[k], 12);
      for (const key of ['aInv', 'c', 'w'] as const) {
        const got = g.condensation[key];
        for (let k = 0; k < got.length; k++) expect(got[k]).toBeCloseTo(want[key][k], 12);
      }
      // A state row that cannot be solved is reported by instance, as the general code does.
      if (g.jfRow.some((r, e) => r === 2 && g.jfCol[e] === 2)) {
        const ss = [...g.jfRow.keys()].find((e) => g.jfRow[e] === 2 && g.jfCol[e] === 2)!;
        const i = [...Array(g.n).keys()].find((k) => clamped[g.slot[2 * g.n + k]] === 0)!;
        g.df[ss][i] = 1 / ia[g.slot[2 * g.n + i]];
        expect(passes.stamp(true)).toBe(i);
      }
    });
  }

  it('form the same residual, clamping and recovered state updates as the general code', () => {
    const { g, nnz, size } = group(device(ALL_ENTRIES), 40);
    const plan = planTwoTerminal(g, nnz)!;
    const rand = mulberry32(5);
    for (const d of g.df) for (let i = 0; i < g.n; i++) d[i] = rand() * 2 - 1;
    for (const f of g.f) for (let i = 0; i < g.n; i++) f[i] = rand() * 2 - 1;
    const y = new Float64Array(size + 1).map(() => rand());
    y[size] = 0;
    const hist = new Float64Array(size).map(() => rand());
    const ia = new Float64Array(size).map(() => 0.5 * rand());
    const lo = new Float64Array(size).fill(0.2);
    const hi = new Float64Array(size).fill(0.8);
    const clamped = new Uint8Array(size);

    const residual = new Float64Array(size + 1);
    const scale = new Float64Array(size + 1);
    const correction = new Float64Array(size + 1);
    const d = new Float64Array(size + 1);
    const tol = new Float64Array(size).map(() => 0.3 * rand());
    const passes = bindTwoTerminal(g, plan, arrays(size, nnz, { y, residual, scale, correction, delta: d, hist, stateInvAlpha: ia, lo, hi, clamped, tol }));
    // A condensation in place (as after a factorisation), for the right-hand side's correction.
    passes.stamp(true);
    clamped.fill(0);
    const checked = passes.residual(true);
    const expected = new Float64Array(size + 1);
    const expectedScale = new Float64Array(size + 1);
    let expectedChanges = 0;
    for (let i = 0; i < g.n; i++) {
      for (const k of [0, 1]) {
        expected[g.slot[k * g.n + i]] += g.f[k][i];
        expectedScale[g.slot[k * g.n + i]] += Math.abs(g.f[k][i]);
      }
      const r = g.slot[2 * g.n + i];
      const z = hist[r] + g.f[2][i] * ia[r];
      const c = Math.min(0.8, Math.max(0.2, z));
      if (c !== z) expectedChanges++;
      expected[r] = y[r] - c;
      expect(clamped[r]).toBe(c !== z ? 1 : 0);
    }
    expect(expectedChanges).toBeGreaterThan(0);
    for (let r = 0; r < size; r++) {
      expect(residual[r]).toBeCloseTo(expected[r], 14);
      expect(scale[r]).toBeCloseTo(expectedScale[r], 14);
    }
    // The states' residual test: |r_s| ≤ reltol·|y| + tol, counted; bit 0 says a clamping changed.
    const misses = [...Array(g.n).keys()].filter((i) => {
      const r = g.slot[2 * g.n + i];
      return !(Math.abs(expected[r]) <= 1e-3 * Math.abs(y[r]) + tol[r]);
    }).length;
    expect(misses).toBeGreaterThan(0);
    expect(misses).toBeLessThan(g.n);
    expect(checked).toBe(1 + 2 * misses);
    // The pass before a solve: the same residual (no clamping changes now) and the correction.
    residual.fill(0);
    expect(passes.residual(false)).toBe(0);
    for (let r = 0; r < size; r++) expect(residual[r]).toBeCloseTo(expected[r], 14);
    // The right-hand side's correction equals what condenseRhs subtracts.
    const general0 = new Float64Array(size + 1);
    condenseRhs(g, residual, general0);
    for (let r = 0; r < size; r++) if (g.slot.indexOf(r) < 2 * g.n) expect(-correction[r]).toBeCloseTo(general0[r], 14);

    // Recovery: make up terminal updates, then the general recovery against the fused update.
    for (let r = 0; r < size; r++) if (g.slot.indexOf(r) < 2 * g.n) d[r] = rand() - 0.5;
    d[size] = 0;
    const general = d.slice();
    recoverStates(g, general);
    tol.fill(1e-6);
    const yBefore = y.slice();
    const out = { worst: -1 };
    const worstRatio = passes.update(0, out);
    let want = 0;
    let wantIndex = -1;
    for (let i = 0; i < g.n; i++) {
      const r = g.slot[2 * g.n + i];
      expect(d[r]).toBeCloseTo(general[r], 14);
      const next = Math.min(0.8, Math.max(0.2, yBefore[r] + general[r]));
      expect(y[r]).toBeCloseTo(next, 14);
      const ratio = Math.abs(next - yBefore[r]) / (1e-3 * Math.max(Math.abs(yBefore[r]), Math.abs(next)) + 1e-6);
      if (ratio > want) {
        want = ratio;
        wantIndex = r;
      }
    }
    expect(worstRatio).toBeCloseTo(want, 10);
    expect(out.worst).toBe(wantIndex);
  });
});
