/**
 * Synapses hold the crossbar conductances and carry out requested changes: ideal ones exactly (within
 * [gmin, gmax]), memristive ones through programming pulses on a device model (memristive.ts).
 */
export interface Synapses {
  /** The conductances the circuit uses (S), in the order of the circuit's weights. */
  readonly g: Float64Array;
  /** The conductance range the update rules work in (S). */
  readonly gmin: number;
  readonly gmax: number;
  /** Asks for the changes ΔG in `delta` and overwrites it with the changes made. */
  update(delta: Float64Array): void;
  /** Programming pulses applied so far (0 for ideal synapses). */
  readonly pulses: number;
}

/** Ideal conductances: any change, clipped to [gmin, gmax]. */
export class IdealSynapses implements Synapses {
  readonly pulses = 0;

  constructor(
    readonly g: Float64Array,
    readonly gmin: number,
    readonly gmax: number,
  ) {}

  update(delta: Float64Array): void {
    for (let k = 0; k < this.g.length; k++) {
      const next = Math.min(this.gmax, Math.max(this.gmin, this.g[k] + delta[k]));
      delta[k] = next - this.g[k];
      this.g[k] = next;
    }
  }
}
