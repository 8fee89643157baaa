import { describe, expect, it } from 'vitest';
import { createMath, derivativeOf, Dual, valueOf, type Num } from '../src/index.js';

const m = createMath();

/** d/da f(a) at a by dual numbers. */
const dual = (f: (a: Num) => Num, a: number) => {
  const r = f(new Dual(a, 1));
  return [valueOf(r), derivativeOf(r)];
};
const central = (f: (a: number) => number, a: number, h = 1e-6) => (f(a + h) - f(a - h)) / (2 * h);

describe('dual-number math', () => {
  const cases: [string, (a: Num) => Num, number][] = [
    ['exp', (a) => m.exp(a), 0.7],
    ['log', (a) => m.log(a), 2.5],
    ['sqrt', (a) => m.sqrt(a), 3],
    ['sin', (a) => m.sin(a), 0.4],
    ['cos', (a) => m.cos(a), 0.4],
    ['sinh', (a) => m.sinh(a), -1.3],
    ['cosh', (a) => m.cosh(a), -1.3],
    ['tanh', (a) => m.tanh(a), 0.8],
    ['abs', (a) => m.abs(a), -0.5],
    ['pow (constant exponent)', (a) => m.pow(a, 3.5), 1.7],
    ['pow (dual exponent)', (a) => m.pow(2, a), 1.7],
    ['pow (both)', (a) => m.pow(a, a), 1.7],
    ['quotient and product', (a) => m.div(m.mul(a, a, 3), m.add(a, 1, m.neg(0.5))), 0.9],
    ['sub', (a) => m.sub(5, m.mul(a, a)), 2],
    ['min/max', (a) => m.add(m.min(a, 1), m.max(m.mul(a, 2), 0)), 0.3],
  ];
  for (const [name, f, a] of cases) {
    it(`${name}: value equals the number version, derivative equals a finite difference`, () => {
      const [v, d] = dual(f, a);
      const plain = (x: number) => f(x) as number;
      expect(v).toBe(plain(a));
      expect(d).toBeCloseTo(central(plain, a), 6);
    });
  }

  it('on plain numbers returns plain numbers', () => {
    expect(typeof m.mul(2, m.exp(1), m.sinh(0.3))).toBe('number');
    expect(m.step(-1)).toBe(0);
    expect(m.step(new Dual(0, 1))).toBe(1);
    expect(m.sign(new Dual(-3, 1))).toBe(-1);
    expect(m.select(m.value(new Dual(2, 1)) > 0, 1, 2)).toBe(1);
  });
});
