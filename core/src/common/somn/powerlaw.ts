/**
 * Power-law fits by maximum likelihood with the lower cut-off chosen by the Kolmogorov–Smirnov distance,
 * and the goodness-of-fit p-value by semi-parametric bootstrap: A. Clauset, C. R. Shalizi, M. E. J.
 * Newman, "Power-law distributions in empirical data", SIAM Review 51 (2009) 661 (CSN below).
 *   continuous: p(x) = (α−1)/xmin·(x/xmin)^−α, x ≥ xmin; α̂ = 1 + n / Σ ln(x/xmin) (CSN eq. 3.1).
 *   discrete:   p(x) = x^−α / ζ(α, xmin), integers x ≥ xmin; α̂ maximises −n·ln ζ(α, xmin) − α·Σ ln x (CSN eq. 3.5),
 *               found by golden-section search (the log-likelihood is concave in α).
 * Also the crackling-noise relation between the size, duration and size-given-duration exponents.
 */
import { Prng } from '../random/prng.js';

/** Bernoulli numbers B2, B4, ..., B14 for the Euler–Maclaurin tail of the Hurwitz zeta function. */
const B2J = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6];

/** Hurwitz zeta ζ(s, q) = Σ_{k≥0} (q + k)^−s for s > 1, q > 0 (Euler–Maclaurin after 12 direct terms; ~1e-14 relative). */
export function hurwitzZeta(s: number, q: number): number {
  if (!(s > 1) || !(q > 0)) throw new RangeError(`hurwitzZeta needs s > 1 and q > 0, got s = ${s}, q = ${q}`);
  const N = 12;
  let sum = 0;
  for (let k = 0; k < N; k++) sum += Math.pow(q + k, -s);
  const a = q + N;
  sum += Math.pow(a, 1 - s) / (s - 1) + 0.5 * Math.pow(a, -s);
  // Σ_j B2j/(2j)! · s(s+1)…(s+2j−2) · a^(−s−2j+1)
  let rising = s; // s(s+1)…(s+2j−2)
  let fact = 2; // (2j)!
  let pow = Math.pow(a, -s - 1);
  for (let j = 1; j <= B2J.length; j++) {
    sum += (B2J[j - 1] / fact) * rising * pow;
    rising *= (s + 2 * j - 1) * (s + 2 * j);
    fact *= (2 * j + 1) * (2 * j + 2);
    pow /= a * a;
  }
  return sum;
}

export interface PowerLawFit {
  readonly discrete: boolean;
  readonly alpha: number;
  readonly xmin: number;
  /** Data points at or above xmin. */
  readonly nTail: number;
  readonly n: number;
  /** Kolmogorov–Smirnov distance between the tail and the fitted law. */
  readonly ks: number;
  /** Standard error of α: (α − 1)/√nTail (CSN eq. 3.2). */
  readonly sigma: number;
}

export interface PowerLawOptions {
  readonly discrete?: boolean;
  /** Fewest tail points an xmin may leave. Default 10. */
  readonly minTail?: number;
  /** Fix xmin instead of scanning candidates. */
  readonly xmin?: number;
}

function alphaContinuous(tail: Float64Array, xmin: number): number {
  let s = 0;
  for (const x of tail) s += Math.log(x / xmin);
  return 1 + tail.length / s;
}

function alphaDiscrete(tail: Float64Array, xmin: number): number {
  let sl = 0;
  for (const x of tail) sl += Math.log(x);
  const n = tail.length;
  const ll = (a: number) => -n * Math.log(hurwitzZeta(a, xmin)) - a * sl;
  let lo = 1.0001;
  let hi = 8;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = hi - g * (hi - lo);
  let d = lo + g * (hi - lo);
  let fc = ll(c);
  let fd = ll(d);
  for (let it = 0; it < 80; it++) {
    if (fc > fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - g * (hi - lo);
      fc = ll(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + g * (hi - lo);
      fd = ll(d);
    }
  }
  return 0.5 * (lo + hi);
}

/** KS distance of a sorted tail from the fitted law's CDF. */
function ksDistance(tail: Float64Array, alpha: number, xmin: number, discrete: boolean): number {
  const n = tail.length;
  let d = 0;
  if (!discrete) {
    for (let i = 0; i < n; i++) {
      const cdf = 1 - Math.pow(tail[i] / xmin, 1 - alpha);
      d = Math.max(d, Math.abs(cdf - (i + 1) / n), Math.abs(cdf - i / n));
    }
    return d;
  }
  // Discrete: compare at each distinct value the empirical and model P(X ≤ x) (a step function).
  const z = hurwitzZeta(alpha, xmin);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && tail[j] === tail[i]) j++;
    const cdf = 1 - hurwitzZeta(alpha, tail[i] + 1) / z;
    const below = 1 - hurwitzZeta(alpha, tail[i]) / z;
    d = Math.max(d, Math.abs(cdf - j / n), Math.abs(below - i / n));
    i = j;
  }
  return d;
}

/** CSN fit: for each candidate xmin (each distinct value leaving ≥ minTail points) the MLE α; the xmin with the smallest KS distance wins. */
export function fitPowerLaw(data: ArrayLike<number>, options: PowerLawOptions = {}): PowerLawFit {
  const discrete = options.discrete ?? false;
  const minTail = options.minTail ?? 10;
  const x = Float64Array.from(data).sort();
  if (x.length < minTail) throw new RangeError(`fitPowerLaw: ${x.length} data points, need at least ${minTail}`);
  if (!(x[0] > 0)) throw new RangeError('fitPowerLaw: data must be > 0');
  if (discrete && x.some((v) => !Number.isInteger(v))) throw new RangeError('fitPowerLaw: discrete data must be integers');
  const candidates: number[] = [];
  if (options.xmin !== undefined) candidates.push(options.xmin);
  else for (let i = 0; i < x.length; i++) if ((i === 0 || x[i] !== x[i - 1]) && x.length - i >= minTail) candidates.push(x[i]);
  let best: PowerLawFit | undefined;
  for (const xmin of candidates) {
    let start = 0;
    while (start < x.length && x[start] < xmin) start++;
    const tail = x.subarray(start);
    if (tail.length < 2 || tail[tail.length - 1] === tail[0]) continue;
    const alpha = discrete ? alphaDiscrete(tail, xmin) : alphaContinuous(tail, xmin);
    const ks = ksDistance(tail, alpha, xmin, discrete);
    if (!best || ks < best.ks) best = { discrete, alpha, xmin, nTail: tail.length, n: x.length, ks, sigma: (alpha - 1) / Math.sqrt(tail.length) };
  }
  if (!best) throw new RangeError('fitPowerLaw: no candidate xmin leaves a tail with two distinct values');
  return best;
}

/** One draw from the fitted law: inversion (continuous), or bisection on P(X ≥ x) = ζ(α, x)/ζ(α, xmin) (discrete, exact). */
export function samplePowerLaw(rng: Prng, alpha: number, xmin: number, discrete: boolean): number {
  const u = 1 - rng.next(); // (0, 1]
  if (!discrete) return xmin * Math.pow(u, -1 / (alpha - 1));
  // Largest x with P(X ≥ x) ≥ u.
  const z = hurwitzZeta(alpha, xmin);
  const tail = (v: number) => hurwitzZeta(alpha, v) / z;
  let lo = xmin;
  let hi = xmin + 1;
  while (tail(hi) >= u) {
    lo = hi;
    hi = xmin + 2 * (hi - xmin);
    if (hi > 1e15) return hi;
  }
  while (hi - lo > 1) {
    const mid = Math.floor(0.5 * (lo + hi));
    if (tail(mid) >= u) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Goodness of fit (CSN §4.1): synthetic data sets of the same size — each point from the fitted power
 * law with probability nTail/n, else drawn from the observed points below xmin — are fitted the same
 * way (xmin scan included); p is the fraction whose KS distance is at least the observed one. p > 0.1:
 * a power law is plausible.
 */
export function powerLawPValue(data: ArrayLike<number>, fit: PowerLawFit, options: { boots: number; seed: number; minTail?: number; scanXmin?: boolean }): number {
  const rng = new Prng(options.seed);
  const below = Array.from(data).filter((v) => v < fit.xmin);
  const pTail = fit.nTail / fit.n;
  let exceed = 0;
  for (let b = 0; b < options.boots; b++) {
    const synth = new Float64Array(fit.n);
    for (let i = 0; i < fit.n; i++) {
      synth[i] = below.length === 0 || rng.next() < pTail ? samplePowerLaw(rng, fit.alpha, fit.xmin, fit.discrete) : below[rng.int(below.length)];
    }
    const f = fitPowerLaw(synth, { discrete: fit.discrete, minTail: options.minTail, xmin: options.scanXmin === false ? fit.xmin : undefined });
    if (f.ks >= fit.ks) exceed++;
  }
  return exceed / options.boots;
}

export interface CracklingCheck {
  /** Size exponent τ (P(S) ~ S^−τ), duration exponent α (P(T) ~ T^−α). */
  readonly tau: number;
  readonly alpha: number;
  /** Predicted 1/(σνz) = (α − 1)/(τ − 1). */
  readonly predicted: number;
  /** Fitted slope of log⟨S⟩ against log T. */
  readonly fitted: number;
  /** Durations used in the fit (each with at least `minCount` avalanches). */
  readonly durations: number;
}

/**
 * The crackling-noise relation (Sethna, Dahmen, Myers, Nature 410 (2001) 242): ⟨S⟩(T) ~ T^(1/σνz) with
 * 1/σνz = (α − 1)/(τ − 1). The fitted exponent is the least-squares slope of log⟨S⟩ against log T.
 */
export function cracklingCheck(sizes: ArrayLike<number>, durations: ArrayLike<number>, tau: number, alpha: number, minCount = 3): CracklingCheck {
  const byT = new Map<number, { sum: number; count: number }>();
  for (let i = 0; i < sizes.length; i++) {
    const e = byT.get(durations[i]) ?? { sum: 0, count: 0 };
    e.sum += sizes[i];
    e.count++;
    byT.set(durations[i], e);
  }
  const pts = [...byT.entries()].filter(([, e]) => e.count >= minCount).map(([t, e]) => [Math.log(t), Math.log(e.sum / e.count)]);
  let fitted = NaN;
  if (pts.length >= 2) {
    const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    let sxy = 0;
    let sxx = 0;
    for (const [x, y] of pts) {
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) * (x - mx);
    }
    fitted = sxx > 0 ? sxy / sxx : NaN;
  }
  return { tau, alpha, predicted: (alpha - 1) / (tau - 1), fitted, durations: pts.length };
}
