/** Closed-form solutions the solver tests compare against. */

/**
 * Exact solution of τ·y′ = g·u(t) − y, y(0) = y0, for a piecewise-linear input u given by its corners
 * (ts ascending, us the values there; u is held after the last corner). Each linear piece
 * u = a + b·s integrates exactly: y(s) = y0·e^(−s/τ) + g·a·(1 − e^(−s/τ)) + g·b·(s − τ·(1 − e^(−s/τ))).
 */
export function firstOrderPwl(ts: readonly number[], us: readonly number[], tau: number, g: number, y0 = 0): (t: number) => number {
  // State at each corner, integrated once.
  const ys = [y0];
  const piece = (k: number, yk: number, s: number): number => {
    const a = us[k];
    const b = k + 1 < ts.length ? (us[k + 1] - us[k]) / (ts[k + 1] - ts[k]) : 0;
    const em = -Math.expm1(-s / tau); // 1 − e^(−s/τ), accurate for small s
    return yk * (1 - em) + g * a * em + g * b * (s + tau * Math.expm1(-s / tau));
  };
  for (let k = 0; k + 1 < ts.length; k++) ys.push(piece(k, ys[k], ts[k + 1] - ts[k]));
  return (t) => {
    if (t <= ts[0]) return ys[0];
    let k = ts.length - 1;
    while (k > 0 && ts[k] > t) k--;
    return piece(k, ys[k], t - ts[k]);
  };
}

/** Corners of SPICE PULSE(v1 v2 td tr tf pw per) up to tstop. */
export function pulseCorners(v1: number, v2: number, td: number, tr: number, tf: number, pw: number, per: number, tstop: number): { ts: number[]; us: number[] } {
  const ts = [0];
  const us = [v1];
  for (let start = td; start < tstop; start += per) {
    for (const [dt, v] of [[0, v1], [tr, v2], [tr + pw, v2], [tr + pw + tf, v1]] as const) {
      const t = start + dt;
      if (t > ts[ts.length - 1]) {
        ts.push(t);
        us.push(v);
      }
    }
  }
  return { ts, us };
}

/**
 * RC low-pass (τ = RC) driven by A·sin(ωt) from v = 0:
 * v(t) = A/(1 + (ωτ)²)·(sin ωt − ωτ·cos ωt + ωτ·e^(−t/τ)).
 */
export function rcSine(amplitude: number, omega: number, tau: number): (t: number) => number {
  const wt = omega * tau;
  const k = amplitude / (1 + wt * wt);
  return (t) => k * (Math.sin(omega * t) - wt * Math.cos(omega * t) + wt * Math.exp(-t / tau));
}

/**
 * HP linear ion-drift memristor without window driven by v(t) = A·sin(ωt): with q = ∫i dt,
 * x = x0 + k·q (k = uv·ron/d²) and R(q) = roff + (ron − roff)·x, ∫R dq = ∫v dt gives
 * R0·q + (ron − roff)·k·q²/2 = Φ(t) = A·(1 − cos ωt)/ω, R0 = roff + (ron − roff)·x0.
 * The root continuous with q(0) = 0 is q = 2Φ / (R0 + √(R0² + 2(ron − roff)·k·Φ)).
 */
export function hpSine(p: { ron: number; roff: number; d: number; uv: number; rinit: number }, amplitude: number, omega: number) {
  const k = (p.uv * p.ron) / (p.d * p.d);
  const x0 = (p.roff - p.rinit) / (p.roff - p.ron);
  const dr = p.ron - p.roff;
  const r0 = p.roff + dr * x0;
  const charge = (t: number): number => {
    const half = Math.sin((omega * t) / 2);
    const phi = (2 * amplitude * half * half) / omega; // A·(1 − cos ωt)/ω without cancellation
    return (2 * phi) / (r0 + Math.sqrt(r0 * r0 + 2 * dr * k * phi));
  };
  const state = (t: number): number => x0 + k * charge(t);
  const current = (t: number): number => (amplitude * Math.sin(omega * t)) / (p.roff + dr * state(t));
  return { charge, state, current, x0, k };
}

/** The piecewise-linear function through (ts, us), held constant outside. */
export function pwl(ts: readonly number[], us: readonly number[]): (t: number) => number {
  return (t) => {
    if (t <= ts[0]) return us[0];
    for (let k = 1; k < ts.length; k++) if (t <= ts[k]) return us[k - 1] + ((us[k] - us[k - 1]) * (t - ts[k - 1])) / (ts[k] - ts[k - 1]);
    return us[us.length - 1];
  };
}
