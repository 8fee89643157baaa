/**
 * The Caravelli–Traversa–Di Ventra network equation (F. Caravelli, F. L. Traversa, M. Di Ventra,
 * "Complex dynamics of memristive circuits: analytical results and universal slow relaxation",
 * Phys. Rev. E 95 (2017) 022140): a network of memristors, each with a voltage source s_e in series,
 * written as one ODE for the memory states x ∈ [0, 1]^E without solving for node voltages:
 *   dx/dt = (1/β)·(I + ξ·Ω·X)⁻¹·Ω·s − α·x,   X = diag(x),  ξ = (Roff − Ron)/Ron,
 * with R_e(x) = Ron·(1 − x_e) + Roff·x_e = Ron·(1 + ξ·x_e) and Ω = I − Aᵀ(A·Aᵀ)⁻¹A the orthogonal
 * projector on the cycle space (A: the incidence matrix without one node of the connected graph).
 * The edge currents are i = (1/Ron)·(I + ξ·Ω·X)⁻¹·Ω·s: they lie in the cycle space (Kirchhoff's current
 * law) and R·i − s lies in its complement (Kirchhoff's voltage law around every cycle), so the equation
 * is the circuit's own dynamics with dx/dt = (Ron/β)·i − α·x per memristor. Dense: O(E³) per rate
 * evaluation, meant for small networks and for checking the circuit simulation.
 */
import { luFactor, luSolve } from '../linalg/dense.js';

export interface CtdParams {
  readonly ron: number;
  readonly roff: number;
  /** Decay rate α (1/s) and the time constant β (V·s... per unit x; dx/dt ∝ current·Ron/β). */
  readonly alpha: number;
  readonly beta: number;
}

export class CtdEquation {
  readonly edges: number;
  /** The cycle-space projector Ω (E×E, row-major). */
  readonly omega: Float64Array;
  private readonly xi: number;

  /** `a[e] → b[e]` are the nodes (0..nodes−1) of edge e; the graph must be connected. */
  constructor(
    readonly nodes: number,
    readonly a: ArrayLike<number>,
    readonly b: ArrayLike<number>,
    readonly params: CtdParams,
  ) {
    const E = a.length;
    this.edges = E;
    this.xi = (params.roff - params.ron) / params.ron;
    // Reduced incidence (node 0 dropped): A[n−1][e] = +1 at a, −1 at b.
    const m = nodes - 1;
    const A = new Float64Array(m * E);
    for (let e = 0; e < E; e++) {
      if (a[e] > 0) A[(a[e] - 1) * E + e] += 1;
      if (b[e] > 0) A[(b[e] - 1) * E + e] -= 1;
    }
    // Ω = I − Aᵀ(AAᵀ)⁻¹A: solve (AAᵀ)·Z = A for Z (m×E), then Ω = I − AᵀZ.
    const AAt = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
      let s = 0;
      for (let e = 0; e < E; e++) s += A[i * E + e] * A[j * E + e];
      AAt[i * m + j] = s;
    }
    const Z = new Float64Array(m * E);
    const lu = luFactor(AAt, m);
    for (let e = 0; e < E; e++) {
      const col = luSolve(lu, Float64Array.from({ length: m }, (_, i) => A[i * E + e]));
      for (let i = 0; i < m; i++) Z[i * E + e] = col[i];
    }
    this.omega = new Float64Array(E * E);
    for (let e = 0; e < E; e++) for (let f = 0; f < E; f++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += A[i * E + e] * Z[i * E + f];
      this.omega[e * E + f] = (e === f ? 1 : 0) - s;
    }
  }

  /** Edge currents i = (1/Ron)(I + ξΩX)⁻¹Ωs (A, along each edge's a → b). */
  currents(x: ArrayLike<number>, s: ArrayLike<number>): Float64Array {
    const E = this.edges;
    const O = this.omega;
    const M = new Float64Array(E * E);
    const rhs = new Float64Array(E);
    for (let e = 0; e < E; e++) {
      let t = 0;
      for (let f = 0; f < E; f++) {
        M[e * E + f] = (e === f ? 1 : 0) + this.xi * O[e * E + f] * x[f];
        t += O[e * E + f] * s[f];
      }
      rhs[e] = t;
    }
    const i = luSolve(luFactor(M, E), rhs);
    for (let e = 0; e < E; e++) i[e] /= this.params.ron;
    return i;
  }

  /** dx/dt = (Ron/β)·i − α·x. */
  rate(x: ArrayLike<number>, s: ArrayLike<number>): Float64Array {
    const i = this.currents(x, s);
    const { ron, beta, alpha } = this.params;
    return Float64Array.from(i, (v, e) => (ron / beta) * v - alpha * x[e]);
  }

  /** Classical RK4 from x0 over `steps` steps of `dt` with sources s(t). */
  integrate(x0: ArrayLike<number>, s: (t: number) => ArrayLike<number>, dt: number, steps: number): Float64Array {
    let x = Float64Array.from(x0);
    const E = this.edges;
    const add = (u: Float64Array, k: Float64Array, h: number) => Float64Array.from(u, (v, e) => v + h * k[e]);
    for (let n = 0; n < steps; n++) {
      const t = n * dt;
      const k1 = this.rate(x, s(t));
      const k2 = this.rate(add(x, k1, dt / 2), s(t + dt / 2));
      const k3 = this.rate(add(x, k2, dt / 2), s(t + dt / 2));
      const k4 = this.rate(add(x, k3, dt), s(t + dt));
      const next = new Float64Array(E);
      for (let e = 0; e < E; e++) next[e] = x[e] + (dt / 6) * (k1[e] + 2 * k2[e] + 2 * k3[e] + k4[e]);
      x = next;
    }
    return x;
  }
}
