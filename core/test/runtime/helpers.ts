/** Shared helpers of the runtime tests. */
import type { Observable } from 'rxjs';
import { Simulation, type SignalChunk, type SimulationOptions } from '../../src/index.js';
import { networkFromText, registry } from '../solver/run-helpers.js';

export { registry };

export function simulationOf(text: string, options: SimulationOptions): Simulation {
  return new Simulation(networkFromText(text), registry.lookup, options);
}

/** Collects every chunk of a stream (recorder-style) and whether it completed. */
export function collect(signal$: Observable<SignalChunk>): { chunks: SignalChunk[]; completed: () => boolean; unsubscribe: () => void } {
  const chunks: SignalChunk[] = [];
  let done = false;
  const sub = signal$.subscribe({ next: (c) => chunks.push(c), complete: () => (done = true) });
  return { chunks, completed: () => done, unsubscribe: () => sub.unsubscribe() };
}

export const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** RC low-pass (τ = R·C = 5 ms) charged through R1 by a 1 V step at t = 0. */
export const RC_STEP = `* RC step
V1 in 0 PULSE(0 1 0 1n 1n 1 2)
R1 in out 5k
C1 out 0 1u
.tran 10u 20m
.end
`;
