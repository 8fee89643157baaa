/** Runs one initial condition through the circuit kernel and the fast RK4 path and compares them. */
import { HopfieldIntegrator, type HopfieldState } from './dynamics.js';
import { simulateHopfieldCircuit, type CircuitTrajectory } from './circuit.js';
import type { MemristorHopfieldSpec } from './network.js';

export interface PathComparison {
  readonly kernel: CircuitTrajectory;
  /** Largest |Δv| (V) and |Δφ|/φ0 between the two at the kernel's output times. */
  readonly maxDv: number;
  readonly maxDphiRel: number;
}

/** `tstop` and `tstep` in seconds; the fast path samples at the kernel's output times. */
export function compareKernelAndFast(spec: MemristorHopfieldSpec, init: HopfieldState, tstop: number, tstep: number): PathComparison {
  const kernel = simulateHopfieldCircuit(spec, { v: Float64Array.from(init.v), phi: Float64Array.from(init.phi) }, { tstop, tstep });
  const integ = new HopfieldIntegrator(spec);
  const s = { v: Float64Array.from(init.v), phi: Float64Array.from(init.phi) };
  const h = integ.tau / 200;
  let maxDv = 0;
  let maxDphiRel = 0;
  let now = 0;
  kernel.t.forEach((t, q) => {
    if (t > now) {
      const span = t - now;
      const steps = Math.max(1, Math.ceil(span / h));
      integ.run(s, { tstop: span, h: span / steps });
      now = t;
    }
    const k = kernel.states[q];
    for (let i = 0; i < spec.n; i++) maxDv = Math.max(maxDv, Math.abs(k.v[i] - s.v[i]));
    for (let p = 0; p < spec.pi.length; p++) maxDphiRel = Math.max(maxDphiRel, Math.abs(k.phi[p] - s.phi[p]) / spec.memristor.phi0);
  });
  return { kernel, maxDv, maxDphiRel };
}
