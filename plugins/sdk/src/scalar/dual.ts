/**
 * Forward-mode dual numbers (a + b·ε, ε² = 0) and a `math` object whose functions take and return
 * numbers or duals alike, so one scalar function written against it gives values and derivatives.
 *
 * JavaScript has no operator overloading, so scalar device functions do their arithmetic through
 * `math.add`, `math.mul`... rather than `+` and `*` (on plain numbers, such as parameters, `+` is fine).
 * Plugins receive `math` as an argument (a binding), never as a global (DESIGN §7).
 */

/** A dual number: value `re` and the derivative `du` along the seeded direction. */
export class Dual {
  constructor(
    readonly re: number,
    readonly du: number,
  ) {}
}

/** A number or a dual number. */
export type Num = number | Dual;

const re = (a: Num): number => (typeof a === 'number' ? a : a.re);
const du = (a: Num): number => (typeof a === 'number' ? 0 : a.du);

/** Value of a number or dual. */
export function valueOf(a: Num): number {
  return re(a);
}

/** Derivative part of a number (0) or dual. */
export function derivativeOf(a: Num): number {
  return du(a);
}

/** f applied to a, with f'(a) given: chain rule. */
function lift(a: Num, f: number, df: number): Num {
  return typeof a === 'number' ? f : new Dual(f, df * a.du);
}

export interface ScalarMath {
  add(...xs: Num[]): Num;
  sub(a: Num, b: Num): Num;
  mul(...xs: Num[]): Num;
  div(a: Num, b: Num): Num;
  neg(a: Num): Num;
  /** a^b; b may be a dual too (then a must be positive). */
  pow(a: Num, b: Num): Num;
  sqrt(a: Num): Num;
  exp(a: Num): Num;
  log(a: Num): Num;
  sin(a: Num): Num;
  cos(a: Num): Num;
  sinh(a: Num): Num;
  cosh(a: Num): Num;
  tanh(a: Num): Num;
  abs(a: Num): Num;
  /** The smaller of a and b (with its derivative). */
  min(a: Num, b: Num): Num;
  max(a: Num, b: Num): Num;
  /** Heaviside step: 1 for a ≥ 0, else 0 (derivative 0). */
  step(a: Num): number;
  /** Sign of a: −1, 0 or 1 (derivative 0). */
  sign(a: Num): number;
  /** `cond ? a : b` for a condition computed on values, e.g. `m.select(m.value(v) > 0, a, b)`. */
  select(cond: boolean, a: Num, b: Num): Num;
  /** The plain value of a number or dual, for comparisons. */
  value(a: Num): number;
  readonly PI: number;
  readonly E: number;
}

/**
 * The dual-aware math. Built from bindings taken once (`exp = Math.exp`...), not by looking `Math` up
 * in every call: inside an SES Compartment that lookup is what makes hot code slow.
 */
export function createMath(): ScalarMath {
  const { exp, log, sqrt, sin, cos, sinh, cosh, tanh, abs, pow, sign, PI, E } = Math;
  const add2 = (a: Num, b: Num): Num =>
    typeof a === 'number' && typeof b === 'number' ? a + b : new Dual(re(a) + re(b), du(a) + du(b));
  const mul2 = (a: Num, b: Num): Num =>
    typeof a === 'number' && typeof b === 'number' ? a * b : new Dual(re(a) * re(b), du(a) * re(b) + re(a) * du(b));
  return {
    add: (...xs) => xs.reduce<Num>(add2, 0),
    sub: (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : new Dual(re(a) - re(b), du(a) - du(b))),
    mul: (...xs) => xs.reduce<Num>(mul2, 1),
    div: (a, b) => {
      if (typeof a === 'number' && typeof b === 'number') return a / b;
      const q = re(a) / re(b);
      return new Dual(q, (du(a) - q * du(b)) / re(b));
    },
    neg: (a) => (typeof a === 'number' ? -a : new Dual(-a.re, -a.du)),
    pow: (a, b) => {
      if (typeof a === 'number' && typeof b === 'number') return pow(a, b);
      const x = re(a);
      const y = re(b);
      const v = pow(x, y);
      // d(x^y) = y·x^(y−1)·dx + x^y·ln x·dy; the dy term only when b carries a derivative.
      const dx = du(a) === 0 ? 0 : y * pow(x, y - 1) * du(a);
      const dy = du(b) === 0 ? 0 : v * log(x) * du(b);
      return new Dual(v, dx + dy);
    },
    sqrt: (a) => {
      const s = sqrt(re(a));
      return lift(a, s, 0.5 / s);
    },
    exp: (a) => {
      const e = exp(re(a));
      return lift(a, e, e);
    },
    log: (a) => lift(a, log(re(a)), 1 / re(a)),
    sin: (a) => lift(a, sin(re(a)), cos(re(a))),
    cos: (a) => lift(a, cos(re(a)), -sin(re(a))),
    sinh: (a) => lift(a, sinh(re(a)), cosh(re(a))),
    cosh: (a) => lift(a, cosh(re(a)), sinh(re(a))),
    tanh: (a) => {
      const t = tanh(re(a));
      return lift(a, t, 1 - t * t);
    },
    abs: (a) => lift(a, abs(re(a)), re(a) < 0 ? -1 : 1),
    min: (a, b) => (re(b) < re(a) ? b : a),
    max: (a, b) => (re(b) > re(a) ? b : a),
    step: (a) => (re(a) >= 0 ? 1 : 0),
    sign: (a) => sign(re(a)),
    select: (cond, a, b) => (cond ? a : b),
    value: re,
    PI,
    E,
  };
}
