import { describe, expect, test } from 'vitest';
import { evaluateExpression } from '../../src/common/netlist/index.js';
import { parse } from './helpers.js';

const params: Record<string, number> = { a: 2, b: 3, r: 1000 };
const ev = (src: string) => evaluateExpression(src, (n) => params[n], (o) => ({ file: 'e', line: 1, column: o + 1 }));

describe('SPICE numbers', () => {
  test.each([
    ['1k', 1e3],
    ['2.2e-3', 2.2e-3],
    ['1meg', 1e6],
    ['1MEG', 1e6],
    ['10m', 10e-3],
    ['3nF', 3e-9],
    ['5V', 5],
    ['1g', 1e9],
    ['2t', 2e12],
    ['.5u', 0.5e-6],
    ['-4p', -4e-12],
    ['7f', 7e-15],
    ['1.5kOhm', 1500],
  ])('%s = %d', (text, value) => {
    const v = parse(`t\nR1 a 0 ${text}`).elements[0].value ?? NaN;
    expect(Math.abs(v / value - 1)).toBeLessThan(1e-12);
  });
});

describe('expressions', () => {
  test.each([
    ['1+2*3', 7],
    ['(1+2)*3', 9],
    ['2^3^2', 512],
    ['2**3', 8],
    ['-2^2', -4],
    ['2^-1', 0.5],
    ['10/4', 2.5],
    ['1k*2', 2000],
    ['a*b', 6],
    ['r/1k', 1],
    ['a < b', 1],
    ['a >= b', 0],
    ['a == 2 && b != 2', 1],
    ['a > 5 || !0', 1],
    ['a > b ? 10 : 20', 20],
    ['a < b ? a < 1 ? 1 : 2 : 3', 2],
    ['max(a, b) + min(a, b)', 5],
    ['pow(2, 10)', 1024],
    ['sqrt(16) + abs(-3)', 7],
    ['floor(2.7) + ceil(2.1)', 5],
    ['log(e) + log10(1000)', 4],
    ['exp(0) + sin(0) + cos(0) + tan(0) + atan(0)', 2],
    ['tanh(0) + sinh(0) + cosh(0)', 1],
    ['2*pi', 2 * Math.PI],
    ['+-+3', -3],
  ])('%s = %d', (src, value) => {
    expect(ev(src)).toBeCloseTo(value, 12);
  });

  test('in braces or quotes anywhere a number goes: values, model params, source args, .tran', () => {
    const ast = parse(
      [
        't',
        '.param f=50 amp={2*5} rl=1k',
        "V1 in 0 SIN(0 {amp} 'f')",
        'R1 in out {rl*2} tc1={1/amp}',
        'D1 out 0 dm {f/50}',
        ".model dm d (is={1e-14*2} n='1+0.5')",
        '.tran {1/f/100} {10/f}',
      ].join('\n'),
    );
    expect(ast.params).toEqual({ f: 50, amp: 10, rl: 1000 });
    expect(ast.elements[0].source?.wave).toMatchObject({ va: 10, freq: 50 });
    expect(ast.elements[1]).toMatchObject({ value: 2000, params: { tc1: 0.1 } });
    expect(ast.elements[2].params).toEqual({ area: 1 });
    expect(ast.models.get('dm')?.params).toEqual({ is: 2e-14, n: 1.5 });
    expect(ast.analyses[0]).toMatchObject({ tstep: 1 / 50 / 100, tstop: 0.2 });
  });

  test('.param: in order, bare expressions allowed, visible to cards written before it', () => {
    const ast = parse('t\nR1 a 0 {c}\n.param a=1k b=a*2\n.param c = {b+a}\n.param a2=-a');
    expect(ast.params).toEqual({ a: 1000, b: 2000, c: 3000, a2: -1000 });
    expect(ast.elements[0].value).toBe(3000);
  });
});
