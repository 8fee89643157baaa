/**
 * The state rate of the data-driven memristor, F(v, x), tabulated on a tensor grid of voltage knots × state
 * knots and interpolated bilinearly — C⁰ everywhere, exact derivatives of the interpolant inside each cell
 * (Newton uses them; at a knot line the derivative is that of the cell the point falls in). Fitted to rate
 * samples by regularised, sign-constrained least squares.
 */

export interface RateGrid {
  /** Voltage knots (V), strictly increasing. */
  readonly v: readonly number[];
  /** State knots in [0, 1], strictly increasing. */
  readonly x: readonly number[];
  /** Rates (1/s) at the knots, v-major: f[a * x.length + c] = F(v[a], x[c]). */
  readonly f: readonly number[];
}

/** Index of the cell [k[j], k[j+1]] holding z, clamped to the first and last cells. */
function cell(k: readonly number[], z: number): number {
  const last = k.length - 2;
  if (z <= k[0]) return 0;
  if (z >= k[last + 1]) return last;
  let lo = 0;
  let hi = last + 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (k[mid] <= z) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * F(v, x), ∂F/∂v, ∂F/∂x into out[0..2]. Inside the grid: bilinear. Beyond the outer voltage knots the last
 * cell continues linearly while that moves F away from zero, else F stays at its edge value (the rate
 * never turns back towards zero or changes sign outside the data). x is not clamped: the outer cells
 * continue bilinearly (the kernel keeps x inside [0, 1] anyway).
 */
export function gridRate(g: RateGrid, v: number, x: number, out: Float64Array): void {
  const nx = g.x.length;
  const a = cell(g.v, v);
  const c = cell(g.x, x);
  const v0 = g.v[a];
  const hv = g.v[a + 1] - v0;
  const x0 = g.x[c];
  const hx = g.x[c + 1] - x0;
  const t = (x - x0) / hx;
  const f00 = g.f[a * nx + c];
  const f01 = g.f[a * nx + c + 1];
  const f10 = g.f[(a + 1) * nx + c];
  const f11 = g.f[(a + 1) * nx + c + 1];
  // F along x at the two voltage knots of the cell.
  const fa = f00 + (f01 - f00) * t;
  const fb = f10 + (f11 - f10) * t;
  const dfa = (f01 - f00) / hx;
  const dfb = (f11 - f10) / hx;
  const s = (v - v0) / hv;
  if (s > 1 || s < 0) {
    // Outside the voltage range (s beyond the outer cell): continue linearly only if that moves F away
    // from zero; otherwise hold the edge value.
    const edgeHigh = s > 1;
    const fe = edgeHigh ? fb : fa;
    const outward = ((fb - fa) / hv) * (edgeHigh ? 1 : -1);
    if (outward * fe <= 0) {
      out[0] = fe;
      out[1] = 0;
      out[2] = edgeHigh ? dfb : dfa;
      return;
    }
  }
  out[0] = fa + (fb - fa) * s;
  out[1] = (fb - fa) / hv;
  out[2] = dfa + (dfb - dfa) * s;
}

export interface RateSample {
  readonly v: number;
  readonly x: number;
  readonly rate: number;
  readonly weight?: number;
}

export interface GridFitOptions {
  /** Weight of the second differences along v and along x, relative to the data term. */
  readonly smoothness: number;
  /** Per unknown: 1 = fixed at zero. */
  readonly fixedZero: Uint8Array;
  /** Per unknown: +1 = must be ≥ 0, −1 = must be ≤ 0, 0 = free. */
  readonly sign: Int8Array;
}

/** Dense Cholesky solve of the SPD system A·z = b (A overwritten). */
function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= A[j * n + k] * A[j * n + k];
    if (!(d > 0)) throw new Error('table fit: the least-squares system is not positive definite');
    const l = Math.sqrt(d);
    A[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = s / l;
    }
  }
  const z = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = z[i];
    for (let k = 0; k < i; k++) s -= A[i * n + k] * z[k];
    z[i] = s / A[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= A[k * n + i] * z[k];
    z[i] = s / A[i * n + i];
  }
  return z;
}

/**
 * Knot values minimising
 *   Σ w_k (F(v_k, x_k) − r_k)² / Σ w_k  +  λ·s²·(mean of squared second differences along v and along x)
 * with s the rms of the sample rates (so λ is dimensionless), subject to the fixed zeros and the signs:
 * an unknown that comes out with the wrong sign is fixed at zero and the problem solved again (active set,
 * growing only), until none does.
 */
export function fitGrid(vk: readonly number[], xk: readonly number[], samples: readonly RateSample[], opts: GridFitOptions): number[] {
  const nv = vk.length;
  const nx = xk.length;
  const N = nv * nx;
  const fixed = Uint8Array.from(opts.fixedZero);
  let scale2 = 0;
  let wsum = 0;
  for (const s of samples) {
    const w = s.weight ?? 1;
    scale2 += w * s.rate * s.rate;
    wsum += w;
  }
  if (wsum === 0) return new Array<number>(N).fill(0);
  scale2 = scale2 / wsum || 1;

  // Second-difference stencils (scaled to the mean spacing, so they have the unit of F).
  const stencils: [number, number][][] = [];
  for (let c = 0; c < nx; c++) {
    for (let a = 1; a < nv - 1; a++) {
      const h0 = vk[a] - vk[a - 1];
      const h1 = vk[a + 1] - vk[a];
      const hm = 0.5 * (h0 + h1);
      stencils.push([
        [(a - 1) * nx + c, hm / h0],
        [a * nx + c, -hm / h0 - hm / h1],
        [(a + 1) * nx + c, hm / h1],
      ]);
    }
  }
  for (let a = 0; a < nv; a++) {
    for (let c = 1; c < nx - 1; c++) {
      const h0 = xk[c] - xk[c - 1];
      const h1 = xk[c + 1] - xk[c];
      const hm = 0.5 * (h0 + h1);
      stencils.push([
        [a * nx + c - 1, hm / h0],
        [a * nx + c, -hm / h0 - hm / h1],
        [a * nx + c + 1, hm / h1],
      ]);
    }
  }
  const penalty = stencils.length > 0 ? (opts.smoothness * scale2) / stencils.length : 0;
  // Ridge: keeps knots that no sample and no stencil reaches at zero.
  const ridge = 1e-10 * scale2;

  // Bilinear weights of every sample.
  const rows = samples.map((s) => {
    const a = Math.min(Math.max(cell(vk, s.v), 0), nv - 2);
    const c = Math.min(Math.max(cell(xk, s.x), 0), nx - 2);
    const sv = Math.min(Math.max((s.v - vk[a]) / (vk[a + 1] - vk[a]), 0), 1);
    const tx = Math.min(Math.max((s.x - xk[c]) / (xk[c + 1] - xk[c]), 0), 1);
    return {
      idx: [a * nx + c, a * nx + c + 1, (a + 1) * nx + c, (a + 1) * nx + c + 1],
      w: [(1 - sv) * (1 - tx), (1 - sv) * tx, sv * (1 - tx), sv * tx],
      r: s.rate,
      weight: (s.weight ?? 1) / wsum,
    };
  });

  for (let pass = 0; pass <= N; pass++) {
    const free: number[] = [];
    const pos = new Int32Array(N).fill(-1);
    for (let j = 0; j < N; j++) {
      if (fixed[j]) continue;
      pos[j] = free.length;
      free.push(j);
    }
    const n = free.length;
    const A = new Float64Array(n * n);
    const b = new Float64Array(n);
    for (const row of rows) {
      for (let p = 0; p < 4; p++) {
        const i = pos[row.idx[p]];
        if (i < 0) continue;
        b[i] += row.weight * row.w[p] * row.r;
        for (let q = 0; q < 4; q++) {
          const j = pos[row.idx[q]];
          if (j >= 0) A[i * n + j] += row.weight * row.w[p] * row.w[q];
        }
      }
    }
    for (const st of stencils) {
      for (const [ji, wi] of st) {
        const i = pos[ji];
        if (i < 0) continue;
        for (const [jj, wj] of st) {
          const j = pos[jj];
          if (j >= 0) A[i * n + j] += penalty * wi * wj;
        }
      }
    }
    for (let i = 0; i < n; i++) A[i * n + i] += ridge;
    const z = n > 0 ? choleskySolve(A, b, n) : new Float64Array(0);
    const f = new Array<number>(N).fill(0);
    free.forEach((j, i) => (f[j] = z[i]));
    let violated = false;
    for (const j of free) {
      if (opts.sign[j] !== 0 && opts.sign[j] * f[j] < 0) {
        fixed[j] = 1;
        violated = true;
      }
    }
    if (!violated) return f;
  }
  throw new Error('table fit: the sign constraints did not settle');
}
