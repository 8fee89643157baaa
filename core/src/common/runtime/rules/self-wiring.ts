/**
 * The growth rule of the self-wiring fixture (fixtures/examples/self-wiring.cir): four neurons n1..n4,
 * HP memristor synapses `syn_<a>_<b>` (ron 100 Ω, roff 16 kΩ, d 10 nm, uv 1e-13), threshold 0.3 V,
 * 3 windows to grow or prune, conductance floor 1e-4 S; a grown synapse starts at 5 kΩ.
 */
import { growthRule } from './growth.js';

export const SELF_WIRING = {
  neurons: ['n1', 'n2', 'n3', 'n4'] as readonly string[],
  ron: 100,
  roff: 16e3,
  /** HP rate constant uv·ron/d² (1/(A·s)). */
  k: (1e-13 * 100) / (10e-9 * 10e-9),
  threshold: 0.3,
  floor: 1e-4,
  windows: 3,
  grownRinit: 5e3,
} as const;

/** R(x) = ron·x + roff·(1 − x) of the fixture's synapses. */
export function synapseResistance(x: number): number {
  return SELF_WIRING.ron * x + SELF_WIRING.roff * (1 - x);
}

export function selfWiringRule() {
  const c = SELF_WIRING;
  return growthRule({
    neurons: c.neurons,
    threshold: c.threshold,
    coactiveWindows: c.windows,
    synapse: { device: 'memristor.hp', params: { window: 0, ron: c.ron, roff: c.roff, d: 10e-9, uv: 1e-13, rinit: c.grownRinit } },
    prefix: 'syn_',
    floor: c.floor,
    pruneWindows: c.windows,
    conductance: (read, id) => 1 / synapseResistance(read(`x(${id}.x)`)),
  });
}
