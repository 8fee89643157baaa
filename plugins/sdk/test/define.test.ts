import { describe, expect, it } from 'vitest';
import { checkDerivatives, defineDevice, defineScalarDevice, DeviceDefinitionError, type DeviceModel, type ScalarDeviceSpec } from '../src/index.js';

const base: DeviceModel = {
  id: 'test.res',
  version: '1.0.0',
  title: 'Resistor',
  kind: 'passive',
  terminals: ['p', 'n'],
  params: { r: { default: 1000, min: 0 } },
  jacobian: [
    ['p', 'p'],
    ['p', 'n'],
    ['n', 'p'],
    ['n', 'n'],
  ],
  evaluate() {},
};

const problems = (m: Partial<DeviceModel>): string => {
  try {
    defineDevice({ ...base, ...m } as DeviceModel);
    return '';
  } catch (err) {
    expect(err).toBeInstanceOf(DeviceDefinitionError);
    return (err as Error).message;
  }
};

describe('defineDevice', () => {
  it('returns a consistent model unchanged', () => {
    expect(defineDevice(base)).toBe(base);
  });
  it('rejects duplicate local names', () => {
    expect(problems({ states: { p: { init: 0 } } })).toMatch(/'p' is used twice/);
  });
  it('rejects Jacobian entries naming unknowns that do not exist', () => {
    expect(problems({ jacobian: [['p', 'q']] })).toMatch(/\[p, q\] names an unknown/);
    expect(problems({ jacobian: [['p', 'p'], ['p', 'p']] })).toMatch(/listed twice/);
  });
  it('rejects state bounds that name no parameter', () => {
    expect(problems({ states: { x: { init: 0, min: 0, max: 'xmax' } } })).toMatch(/refers to 'xmax', which is not a parameter/);
    expect(problems({ states: { x: { init: 0, min: '-r', max: 'r' } } })).toBe('');
    expect(problems({ states: { x: { init: 0, min: 1, max: 0 } } })).toMatch(/min 1 is not below max 0/);
  });
  it('rejects defaults outside their ranges', () => {
    expect(problems({ params: { r: { default: -1, min: 0 } } })).toMatch(/default -1 is below its min 0/);
    expect(problems({ params: { r: { default: 5, max: 2 } } })).toMatch(/above its max 2/);
    expect(problems({ params: { r: { default: 3, choices: ['a', 'b'] } } })).toMatch(/not an index into its choices/);
    expect(problems({ params: { r: { default: NaN } } })).toMatch(/not a finite number/);
  });
  it('rejects an insane SPICE descriptor', () => {
    expect(problems({ spice: { letter: 'rr' } })).toMatch(/one uppercase letter/);
    expect(problems({ spice: { letter: 'R', value: 'ohms' } })).toMatch(/spice.value 'ohms' is not a parameter/);
    expect(problems({ spice: { letter: 'Y' } })).toMatch(/needs modelType/);
  });
  it('lists every problem, naming the model', () => {
    const text = problems({ id: 'bad id', version: 'one', jacobian: [['z', 'p']] });
    expect(text).toMatch(/'bad id'/);
    expect(text).toMatch(/version 'one'/);
  });
});

/** HP memristor without a window, as scalar functions: i = v / R(x), dx/dt = k·i. */
const hpSpec: ScalarDeviceSpec = {
  id: 'test.hp',
  version: '1.0.0',
  title: 'HP (scalar)',
  params: { ron: { default: 100, min: 1 }, roff: { default: 16e3, min: 1 }, k: { default: 1e4, min: 0 } },
  states: { x: { init: 0.5, min: 0, max: 1 } },
  spice: { level: ['testhp'] },
  current: (v, [x], p, m) => m.div(v, m.add(p.roff, m.mul(p.ron - p.roff, x))),
  rate: (v, [x], p, m) => [m.mul(p.k, m.div(v, m.add(p.roff, m.mul(p.ron - p.roff, x))), m.sub(1, m.pow(m.sub(m.mul(2, x), 1), 2)))],
};

describe('defineScalarDevice', () => {
  const model = defineScalarDevice(hpSpec);

  it('declares a two-terminal memristor with the full Jacobian pattern and a YMEMRISTOR spelling', () => {
    expect(model.kind).toBe('memristor');
    expect(model.terminals).toEqual(['p', 'n']);
    expect(model.jacobian).toHaveLength(9);
    expect(model.spice).toEqual({ letter: 'Y', modelType: 'memristor', level: ['testhp'] });
  });

  it('evaluates the scalar functions for every instance, with derivatives matching finite differences', () => {
    const points = [
      [0.8, 0, 0.3],
      [-0.5, 0.2, 0.9],
      [0.1, -0.4, 0.05],
      [1.2, 0.3, 0.6],
    ];
    const r = checkDerivatives(model, points);
    expect(r.worst).toBeLessThan(1e-6);
  });

  it('computes the same currents and rates as the formulas', async () => {
    const { probe } = await import('../src/index.js');
    const pr = probe(model, 2);
    pr.set(0, [1, 0, 0.25]);
    pr.set(1, [0, 0.5, 0.75]);
    pr.evaluate();
    const R = (x: number) => 16e3 + (100 - 16e3) * x;
    expect(pr.ctx.f[0][0]).toBeCloseTo(1 / R(0.25), 15);
    expect(pr.ctx.f[1][1]).toBeCloseTo(0.5 / R(0.75), 15);
    expect(pr.ctx.f[2][0]).toBeCloseTo(1e4 * (1 / R(0.25)) * (1 - 0.25), 12);
    // ∂i/∂v(p) = 1/R, ∂i/∂v(n) = −1/R
    expect(pr.ctx.df[0][0]).toBeCloseTo(1 / R(0.25), 15);
    expect(pr.ctx.df[1][0]).toBeCloseTo(-1 / R(0.25), 15);
  });

  it('throws a clear error for a badly declared scalar device', () => {
    expect(() => defineScalarDevice({ ...hpSpec, states: { x: { init: 'x0', min: 0, max: 1 } } })).toThrow(/refers to 'x0', which is not a parameter/);
    expect(() => defineScalarDevice({ ...hpSpec, states: { p: { init: 0 } } })).toThrow(/'p' is used twice/);
  });

  it('reports a rate() that returns the wrong number of states', () => {
    const bad = defineScalarDevice({ ...hpSpec, rate: () => [] });
    expect(() => checkDerivatives(bad, [[1, 0, 0.5]])).toThrow(/rate\(\) returned 0 values for 1 states/);
  });
});
