import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseNetlist } from '../../src/common/netlist/index.js';

// The repository's copies of ../shared/reference (cases/ → fixtures/reference, bench/ → fixtures/bench), so
// a fresh clone tests without the shared folder beside it.
const reference = (name: string) =>
  fileURLToPath(new URL(`../../../fixtures/${name.replace(/^cases\//, 'reference/').replace(/^bench\//, 'bench/')}`, import.meta.url));
const load = (name: string) => {
  const file = reference(name);
  return parseNetlist(readFileSync(file, 'utf8'), { file });
};

describe('reference netlists', () => {
  test('rc_pulse: pulse source, R, C', () => {
    const ast = load('cases/rc_pulse.cir');
    expect(ast.title).toBe('RC low-pass driven by a pulse: analytic v(out) = 1 - exp(-t/RC) while the pulse is high');
    expect(ast.elements.map((e) => e.name)).toEqual(['v1', 'r1', 'c1']);
    const [v1, r1, c1] = ast.elements;
    expect(v1.source?.wave).toMatchObject({ type: 'pulse', v1: 0, v2: 1, td: 0, np: 0 });
    const w = v1.source?.wave;
    if (w?.type !== 'pulse') throw new Error('pulse expected');
    expect(w.tr).toBeCloseTo(1e-9, 20);
    expect(w.pw).toBeCloseTo(5e-3, 15);
    expect(w.per).toBeCloseTo(10e-3, 15);
    expect(v1.source?.dc).toBe(0);
    expect(r1).toMatchObject({ type: 'r', nodes: ['in', 'out'], value: 1000 });
    expect(c1.nodes).toEqual(['out', '0']);
    expect(c1.value).toBeCloseTo(1e-6, 18);
    expect(ast.analyses).toHaveLength(1);
    expect(ast.analyses[0]).toMatchObject({ type: 'tran', tstop: 0.01, loc: { line: 5, column: 1 } });
    expect(ast.prints).toEqual([{ analysis: 'tran', vars: ['v(out)', 'i(v1)'], loc: expect.objectContaining({ line: 6 }) }]);
  });

  test('rd_dc: diodes, model card, .dc sweep', () => {
    const ast = load('cases/rd_dc.cir');
    expect(ast.elements).toHaveLength(9);
    expect(ast.elements[0]).toMatchObject({ name: 'v1', type: 'v', value: 0, source: { dc: 0 } });
    expect(ast.elements[0].source?.wave).toBeUndefined();
    expect(ast.elements.find((e) => e.name === 'd3')).toMatchObject({ type: 'd', nodes: ['c', '0'], model: 'dmod' });
    expect(ast.elements.find((e) => e.name === 'r5')?.value).toBe(500);
    expect(ast.models.get('dmod')).toMatchObject({ type: 'd', params: { is: 1e-14, n: 1, rs: 10 }, loc: { line: 11, column: 8 } });
    expect(ast.analyses).toEqual([{ type: 'dc', source: 'v1', start: -5, stop: 5, step: 0.25, loc: expect.objectContaining({ line: 12 }) }]);
    expect(ast.prints[0].vars).toEqual(['v(a)', 'v(b)', 'v(c)', 'i(v1)']);
    expect(ast.prints[0].analysis).toBe('dc');
  });

  test('bridge_tran: sine source and diode bridge', () => {
    const ast = load('cases/bridge_tran.cir');
    expect(ast.elements[0].source).toEqual({ dc: 0, wave: { type: 'sin', vo: 0, va: 10, freq: 50, td: 0, theta: 0, phase: 0 } });
    expect(ast.elements.filter((e) => e.type === 'd').map((e) => e.nodes)).toEqual([
      ['a', 'p'],
      ['0', 'p'],
      ['n', 'a'],
      ['n', '0'],
    ]);
    expect(ast.models.get('dmod')?.params).toEqual({ is: 1e-12, n: 1.8, rs: 0.05 });
    expect(ast.analyses[0]).toMatchObject({ type: 'tran', tstop: 0.06 });
    const tran = ast.analyses[0];
    if (tran.type !== 'tran') throw new Error('tran expected');
    expect(tran.tstep).toBeCloseTo(50e-6, 18);
  });

  test('pd_memristor: XSPICE A element with a memristor model', () => {
    const ast = load('cases/pd_memristor.cir');
    expect(ast.elements[2]).toMatchObject({ name: 'amem', type: 'a', nodes: ['1', '0'], model: 'memr', loc: { line: 4, column: 1 } });
    expect(ast.models.get('memr')).toMatchObject({
      type: 'memristor',
      params: { rmin: 1000, rmax: 10000, rinit: 7000, alpha: 0, beta: 1e5, vt: 1.6 },
    });
  });

  test('hp_sine: YMEMRISTOR with a word-valued model', () => {
    const ast = load('cases/hp_sine.cir');
    expect(ast.elements[1]).toMatchObject({ name: 'm1', type: 'ymemristor', nodes: ['1', '0'], model: 'hpmod' });
    const model = ast.models.get('hpmod');
    expect(model?.type).toBe('memristor');
    expect(model?.params).toMatchObject({ level: 'hp', window: 'none', ron: 100, roff: 16000, uv: 1e-14, rinit: 11000 });
    expect(model?.params.d).toBeCloseTo(10e-9, 20);
  });

  test('crossbar_16: 16 sources, 16 sense resistors, 256 memristors', () => {
    const ast = load('bench/crossbar_16.cir');
    expect(ast.title).toBe('16x16 threshold-memristor crossbar');
    expect(ast.elements).toHaveLength(16 + 16 + 256);
    expect(ast.elements.filter((e) => e.type === 'a')).toHaveLength(256);
    expect(ast.elements.find((e) => e.name === 'a15_15')).toMatchObject({ nodes: ['r15', 'c15'], model: 'm0' });
    expect(ast.elements.find((e) => e.name === 'rc7')).toMatchObject({ type: 'r', nodes: ['c7', '0'], value: 10 });
    expect(ast.elements.find((e) => e.name === 'v15')?.source?.wave).toEqual({
      type: 'sin',
      vo: 0,
      va: 1.478,
      freq: 1.15,
      td: 0,
      theta: 0,
      phase: 0,
    });
    expect([...ast.models.keys()]).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(ast.models.get('m3')?.params).toEqual({ rmin: 1000, rmax: 10000, rinit: 7500, alpha: 0, beta: 40000, vt: 0.9 });
    expect(ast.prints[0].vars).toEqual(['v(c0)', 'v(c1)', 'v(c2)', 'v(c3)', 'i(v0)']);
  });
});
