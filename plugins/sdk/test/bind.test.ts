import { describe, expect, it } from 'vitest';
import { bindToContext, type EvalContext } from '../src/index.js';

function context(n: number): EvalContext {
  const v = () => new Float64Array(n);
  return {
    n,
    mode: 'tran',
    time: 0,
    dcSources: false,
    sourceScale: 1,
    gmin: 0,
    firstIteration: false,
    noncon: 0,
    x: [v(), v()],
    p: { k: v().fill(2) },
    data: [],
    work: {},
    f: [v(), v()],
    q: [],
    df: [v()],
    dq: [],
  };
}

describe('bindToContext', () => {
  it('binds once per context and rebinds when one of its arrays is replaced', () => {
    let binds = 0;
    const loop = bindToContext((ctx) => {
      binds++;
      const [x0] = ctx.x;
      const [f0] = ctx.f;
      const { k } = ctx.p;
      return (n: number) => {
        for (let i = 0; i < n; i++) f0[i] = k[i] * x0[i];
      };
    });
    const a = context(3);
    a.x[0].set([1, 2, 3]);
    loop(a)(a.n);
    loop(a)(a.n);
    expect(binds).toBe(1);
    expect([...a.f[0]]).toEqual([2, 4, 6]);

    // Another context gets its own binding, writing its own arrays.
    const b = context(2);
    b.x[0].set([5, 7]);
    loop(b)(b.n);
    expect(binds).toBe(2);
    expect([...b.f[0]]).toEqual([10, 14]);
    expect([...a.f[0]]).toEqual([2, 4, 6]);

    // A replaced parameter array is seen: the loop is bound again.
    (a.p as Record<string, Float64Array>).k = new Float64Array(3).fill(10);
    loop(a)(a.n);
    expect(binds).toBe(3);
    expect([...a.f[0]]).toEqual([10, 20, 30]);

    // So is a replaced input array.
    (a.x as Float64Array[])[0] = Float64Array.of(1, 1, 1);
    loop(a)(a.n);
    expect(binds).toBe(4);
    expect([...a.f[0]]).toEqual([10, 10, 10]);
  });
});
