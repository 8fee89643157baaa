import { describe, expect, test } from 'vitest';
import { resolveWaveformDefaults } from '../../src/common/netlist/index.js';
import { parse } from './helpers.js';

const only = (card: string, extra = '') => parse(`t\n${card}\n${extra}`).elements[0];

describe('element cards', () => {
  test('R, C, L with instance parameters', () => {
    expect(only('R1 a b 1k tc1=1m m=2')).toEqual({
      name: 'r1',
      type: 'r',
      nodes: ['a', 'b'],
      value: 1000,
      params: { tc1: 1e-3, m: 2 },
      loc: { file: 'test.cir', line: 2, column: 1 },
    });
    expect(only('Cload out gnd 10p ic=0.5')).toMatchObject({ name: 'cload', type: 'c', nodes: ['out', '0'], params: { ic: 0.5 } });
    expect(only('L1 a b 1u')).toMatchObject({ type: 'l', params: {} });
  });

  test('V and I sources: bare value, DC, AC phasors, waveforms, DC from the waveform at t = 0', () => {
    expect(only('V1 a 0 5').source).toEqual({ dc: 5 });
    expect(only('V1 a 0 DC 2.5 AC 1 0').source).toEqual({ dc: 2.5, ac: { mag: 1, phase: 0 } });
    expect(only('V1 a 0 AC').source).toEqual({ dc: 0, ac: { mag: 1, phase: 0 } });
    expect(only('I1 0 a AC 1 DC 1m')).toMatchObject({ type: 'i', value: 1e-3, source: { dc: 1e-3, ac: { mag: 1, phase: 0 } } });
    expect(only('V1 a 0').source).toEqual({ dc: 0 });
    expect(only('V1 a 0 DC 1 SIN(0 1 1k 1m 10 90)').source).toEqual({
      dc: 1,
      wave: { type: 'sin', vo: 0, va: 1, freq: 1000, td: 1e-3, theta: 10, phase: 90 },
    });
    expect(only('V1 a 0 SIN(0.5 1 1k 0 0 90)').source?.dc).toBeCloseTo(1.5, 12);
    expect(only('V1 a 0 PULSE(1 2)').source?.dc).toBe(1);
    expect(only('V1 a 0 PWL(0 3 1 4)').source?.dc).toBe(3);
    expect(only('V1 a 0 EXP(0 1 1u 1u 4u 2u)').source?.wave).toEqual({ type: 'exp', v1: 0, v2: 1, td1: 1e-6, tau1: 1e-6, td2: 4e-6, tau2: 2e-6 });
    expect(only('V1 a 0 PULSE(0 1 0 1n 1n 5m 10m 3)').source?.wave).toMatchObject({ np: 3 });
  });

  test('analysis-dependent waveform defaults are NaN until resolved', () => {
    const pulse = only('V1 a 0 PULSE(0 1)').source?.wave;
    expect(pulse).toMatchObject({ type: 'pulse', td: 0, np: 0 });
    expect(pulse && resolveWaveformDefaults(pulse, 1e-3, 1)).toEqual({ type: 'pulse', v1: 0, v2: 1, td: 0, tr: 1e-3, tf: 1e-3, pw: 1, per: 1, np: 0 });
    const sin = only('V1 a 0 SIN(0 1)').source?.wave;
    expect(sin?.type === 'sin' && Number.isNaN(sin.freq)).toBe(true);
    expect(sin && resolveWaveformDefaults(sin, 1e-3, 4)).toMatchObject({ freq: 0.25 });
    const exp = only('V1 a 0 EXP(0 1 2)').source?.wave;
    expect(exp && resolveWaveformDefaults(exp, 1, 10)).toEqual({ type: 'exp', v1: 0, v2: 1, td1: 2, tau1: 1, td2: 3, tau2: 1 });
  });

  test('D with model, optional area and parameters', () => {
    const extra = '.model dx d is=1f';
    expect(only('D1 a k dx', extra)).toMatchObject({ type: 'd', nodes: ['a', 'k'], model: 'dx', params: {} });
    expect(only('D1 a k dx 2', extra).params).toEqual({ area: 2 });
    expect(only('D1 a k dx 2 m=3', extra).params).toEqual({ area: 2, m: 3 });
    expect(only('D1 a k dx area=4', extra).params).toEqual({ area: 4 });
  });

  test('A (XSPICE) with and without port-type annotations', () => {
    const extra = '.model mem memristor rmin=1k';
    expect(only('a1 n1 n2 mem', extra)).toMatchObject({ name: 'a1', type: 'a', nodes: ['n1', 'n2'], model: 'mem' });
    expect(only('a1 %gd(n1 n2) mem', extra).nodes).toEqual(['n1', 'n2']);
    expect(only('a1 %v(n1) %vd(n2 GND) mem', extra).nodes).toEqual(['n1', 'n2', '0']);
  });

  test('YMEMRISTOR uses its second token as the name', () => {
    const m = only('YMEMRISTOR M1 p n hp rinit=5k', '.model hp memristor level=hp');
    expect(m).toMatchObject({ name: 'm1', type: 'ymemristor', nodes: ['p', 'n'], model: 'hp', params: { rinit: 5000 } });
  });

  test('E, G, F, H controlled sources', () => {
    expect(only('E1 o 0 ip in 1e5')).toMatchObject({ type: 'e', nodes: ['o', '0', 'ip', 'in'], value: 1e5, params: {} });
    expect(only('Gm o 0 ip 0 1m')).toMatchObject({ type: 'g', nodes: ['o', '0', 'ip', '0'], value: 1e-3 });
    expect(only('F1 o 0 Vsense 10')).toMatchObject({ type: 'f', nodes: ['o', '0'], control: 'vsense', value: 10 });
    expect(only('H1 o 0 vs {2*5}')).toMatchObject({ type: 'h', control: 'vs', value: 10 });
    expect(only('E1 o 0 ip in 2').control).toBeUndefined();
  });
});

describe('dot-commands', () => {
  test('.model with and without parentheses, word and expression values', () => {
    const ast = parse(
      ['t', '.param k=2', '.model D1N D(IS=1e-14 N=1.0 RS=10)', '.model m memristor (level=hp window=biolek p={k} ron=100)', '.model q2 d', '.model dd d ( is = 1n )'].join('\n'),
    );
    expect(ast.models.get('d1n')).toEqual({ name: 'd1n', type: 'd', params: { is: 1e-14, n: 1, rs: 10 }, loc: { file: 'test.cir', line: 3, column: 8 } });
    expect(ast.models.get('m')?.params).toEqual({ level: 'hp', window: 'biolek', p: 2, ron: 100 });
    expect(ast.models.get('q2')?.params).toEqual({});
    expect(ast.models.get('dd')?.params.is).toBeCloseTo(1e-9, 20);
  });

  test('.options: name=value and flags, lowercase keys, several cards merge', () => {
    const ast = parse('t\n.options RELTOL=1e-4 abstol = 1p NOACCT\n.option gmin={1e-12}\n.opt itl4=50');
    expect(ast.options).toEqual({ reltol: 1e-4, abstol: 1e-12, noacct: 1, gmin: 1e-12, itl4: 50 });
  });

  test('.op, .dc, .tran in order', () => {
    const ast = parse('t\nV1 a 0 1\nR1 a 0 1\n.op\n.dc v1 0 1 0.5\n.dc V1 1 -1 -0.5\n.tran 1u 1m 0.1m 2u uic\n.tran 1n 2n');
    expect(ast.analyses.map(({ loc: _loc, ...a }) => a)).toEqual([
      { type: 'op' },
      { type: 'dc', source: 'v1', start: 0, stop: 1, step: 0.5 },
      { type: 'dc', source: 'v1', start: 1, stop: -1, step: -0.5 },
      { type: 'tran', tstep: 1e-6, tstop: 1e-3, tstart: 1e-4, tmax: 2e-6, uic: true },
      { type: 'tran', tstep: 1e-9, tstop: 2e-9 },
    ]);
  });

  test('.print and .plot: analysis and outputs without spaces, lowercase', () => {
    const ast = parse('t\n.print TRAN V(Out) v( a , b ) I(V1)\n.plot dc v(x)\n.print op x(m1)');
    expect(ast.prints.map((p) => [p.analysis, p.vars])).toEqual([
      ['tran', ['v(out)', 'v(a,b)', 'i(v1)']],
      ['dc', ['v(x)']],
      ['op', ['x(m1)']],
    ]);
  });
});
