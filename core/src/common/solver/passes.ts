/**
 * The per-model-group loops of an assembly: copying each instance's unknowns into the device's input
 * arrays, and adding its currents into the residual. One loop per local unknown costs about twice
 * what one loop over all of them does (each pass reloads the index and re-checks bounds), so the
 * shapes devices have — up to four locals, up to four current rows — get one fused loop each; other
 * shapes take the general loops.
 */
import type { ModelGroup } from './system.js';

/** x[k][i] = y[slot of local k of instance i] for every local unknown. */
export function gatherLocals(g: ModelGroup, y: Float64Array): void {
  const { n, slot, x, L } = g;
  switch (L) {
    case 1: {
      const x0 = x[0];
      for (let i = 0; i < n; i++) x0[i] = y[slot[i]];
      return;
    }
    case 2: {
      const x0 = x[0];
      const x1 = x[1];
      for (let i = 0; i < n; i++) {
        x0[i] = y[slot[i]];
        x1[i] = y[slot[n + i]];
      }
      return;
    }
    case 3: {
      const x0 = x[0];
      const x1 = x[1];
      const x2 = x[2];
      for (let i = 0; i < n; i++) {
        x0[i] = y[slot[i]];
        x1[i] = y[slot[n + i]];
        x2[i] = y[slot[2 * n + i]];
      }
      return;
    }
    case 4: {
      const x0 = x[0];
      const x1 = x[1];
      const x2 = x[2];
      const x3 = x[3];
      for (let i = 0; i < n; i++) {
        x0[i] = y[slot[i]];
        x1[i] = y[slot[n + i]];
        x2[i] = y[slot[2 * n + i]];
        x3[i] = y[slot[3 * n + i]];
      }
      return;
    }
    default:
      for (let k = 0; k < L; k++) {
        const xk = x[k];
        const base = k * n;
        for (let i = 0; i < n; i++) xk[i] = y[slot[base + i]];
      }
  }
}

/**
 * Adds f[k][i] into the residual row of local k for every row before the states, and |f[k][i]| into
 * `scale` when given. Returns the sum of the added values times 0: NaN exactly when one is not finite.
 */
export function scatterCurrents(g: ModelGroup, residual: Float64Array, scale: Float64Array | null): number {
  if (scale) scaleCurrents(g, scale);
  const { n, slot, f, firstState } = g;
  let probe = 0;
  switch (firstState) {
    case 0:
      return 0;
    case 1: {
      const f0 = f[0];
      for (let i = 0; i < n; i++) {
        const a = f0[i];
        residual[slot[i]] += a;
        probe += a * 0;
      }
      return probe;
    }
    case 2: {
      const f0 = f[0];
      const f1 = f[1];
      for (let i = 0; i < n; i++) {
        const a = f0[i];
        const b = f1[i];
        residual[slot[i]] += a;
        residual[slot[n + i]] += b;
        probe += (a + b) * 0;
      }
      return probe;
    }
    case 3: {
      const f0 = f[0];
      const f1 = f[1];
      const f2 = f[2];
      for (let i = 0; i < n; i++) {
        const a = f0[i];
        const b = f1[i];
        const c = f2[i];
        residual[slot[i]] += a;
        residual[slot[n + i]] += b;
        residual[slot[2 * n + i]] += c;
        probe += (a + b + c) * 0;
      }
      return probe;
    }
    case 4: {
      const f0 = f[0];
      const f1 = f[1];
      const f2 = f[2];
      const f3 = f[3];
      for (let i = 0; i < n; i++) {
        const a = f0[i];
        const b = f1[i];
        const c = f2[i];
        const d = f3[i];
        residual[slot[i]] += a;
        residual[slot[n + i]] += b;
        residual[slot[2 * n + i]] += c;
        residual[slot[3 * n + i]] += d;
        probe += (a + b + c + d) * 0;
      }
      return probe;
    }
    default:
      for (let k = 0; k < firstState; k++) {
        const fk = f[k];
        const base = k * n;
        for (let i = 0; i < n; i++) {
          const v = fk[i];
          residual[slot[base + i]] += v;
          probe += v * 0;
        }
      }
      return probe;
  }
}

/** scale[row] += |f[k][i]| for every current row (the residual test's head-room). */
function scaleCurrents(g: ModelGroup, scale: Float64Array): void {
  const { n, slot, f, firstState } = g;
  for (let k = 0; k < firstState; k++) {
    const fk = f[k];
    const base = k * n;
    for (let i = 0; i < n; i++) scale[slot[base + i]] += Math.abs(fk[i]);
  }
}

/** |next − old| against SPICE's update tolerance reltol·max(|old|, |next|) + tol: at most 1 when converged. */
export function updateRatio(old: number, next: number, reltol: number, tol: number): number {
  const ao = Math.abs(old);
  const an = Math.abs(next);
  return Math.abs(next - old) / (reltol * (ao > an ? ao : an) + tol);
}
