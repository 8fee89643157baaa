/**
 * A device model that misbehaved while the simulator was calling it: it threw, hung, returned a
 * non-finite value or put a state outside its declared bounds. The host that calls the model throws
 * it; the simulator names the elements (it alone knows which instance is which element) and stops the
 * analysis cleanly, keeping what was recorded so far.
 */
export class DeviceFault extends Error {
  override name = 'DeviceFault';
  constructor(
    /** The package that contributed the model (e.g. `memflow-plugin-chang2011`). */
    readonly plugin: string,
    /** The model's id. */
    readonly model: string,
    /** What went wrong, e.g. `evaluate threw: boom` or `returned NaN as the current at p`. */
    readonly reason: string,
    /** Simulated time of the call, in seconds. */
    readonly time: number,
    /** Index of the offending instance in the call; undefined when the call as a whole failed. */
    readonly instance?: number,
  ) {
    super(`plugin '${plugin}', model '${model}'${instance === undefined ? '' : `, instance ${instance}`}, t = ${time} s: ${reason}`);
  }
}
