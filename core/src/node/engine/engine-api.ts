/** The coarse API of a simulation running in a worker (DESIGN §4): plain data in and out. */
import type { SignalChunk, SimulationStatus } from '../../common/runtime/index.js';
import type { TransientSpec } from '../../common/solver/transient.js';

export interface EngineLoadOptions {
  /** Simulated seconds per window (default: the transient's stop time / 100). */
  readonly window?: number;
  /** The transient to run (default: the network's first `.tran`). */
  readonly analysis?: TransientSpec;
}

export interface EngineStatus {
  /** `empty` before `load` (or after `unload`). */
  readonly status: SimulationStatus | 'empty';
  /** Simulated time reached (the end of the last window). */
  readonly time: number;
  readonly windows: number;
  readonly window: number;
  /** Errors reported so far (rejected events, kernel failure), newest last; at most 100 kept. */
  readonly errors: readonly string[];
}

export interface ParamReply {
  readonly accepted: boolean;
  /** Why it was rejected. */
  readonly message?: string;
}

/** Receives each chunk, its typed arrays transferred to the receiving thread. */
export type ChunkCallback = (chunk: SignalChunk) => void;
