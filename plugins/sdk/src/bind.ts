import type { EvalContext } from './device.js';

/**
 * Makes `bind(ctx)` once per evaluation context and returns it on later calls with the same context
 * and the same arrays (it is made again when any of the context's arrays was replaced).
 *
 * Why: a vectorised `evaluate` runs the same loop thousands of times over the same arrays, and a loop
 * bound to one context's arrays ran faster than the same loop reading them from `ctx` on every call
 * (memristor.xspice on the 64×64 crossbar: cold CLI analysis 459 → 426 ms, medians of 8 alternating
 * runs) — likely because V8 can compile a function that has only ever had one closure against that
 * closure's arrays. Contexts built anew for every call (a wrapper's) still work, just without the gain.
 *
 *     const loop = bindToContext((ctx) => {
 *       const [vp, vn] = ctx.x;
 *       const [fp, fn] = ctx.f;
 *       return (n: number) => { for (let i = 0; i < n; i++) { ... } };
 *     });
 *     evaluate(ctx) { loop(ctx)(ctx.n); }
 */
export function bindToContext<T>(bind: (ctx: EvalContext) => T): (ctx: EvalContext) => T {
  const bound = new WeakMap<EvalContext, { readonly arrays: readonly unknown[]; readonly value: T }>();
  return (ctx) => {
    const hit = bound.get(ctx);
    if (hit && sameArrays(ctx, hit.arrays)) return hit.value;
    const value = bind(ctx);
    bound.set(ctx, { arrays: contextArrays(ctx), value });
    return value;
  };
}

/** Every array an evaluation reads or writes, in a fixed order. */
function contextArrays(ctx: EvalContext): unknown[] {
  const out: unknown[] = [...ctx.x, ...ctx.f, ...ctx.q, ...ctx.df, ...ctx.dq];
  for (const key in ctx.p) out.push(ctx.p[key]);
  for (const key in ctx.work) out.push(ctx.work[key]);
  return out;
}

/** Whether the context still holds exactly `arrays` (contextArrays' order), without allocating. */
function sameArrays(ctx: EvalContext, arrays: readonly unknown[]): boolean {
  let k = 0;
  for (const list of [ctx.x, ctx.f, ctx.q, ctx.df, ctx.dq]) {
    for (let i = 0; i < list.length; i++) if (list[i] !== arrays[k++]) return false;
  }
  for (const key in ctx.p) if (ctx.p[key] !== arrays[k++]) return false;
  for (const key in ctx.work) if (ctx.work[key] !== arrays[k++]) return false;
  return k === arrays.length;
}
