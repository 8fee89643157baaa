/**
 * The desktop engine's API as plain data (it crosses a MessagePort through comlink): the same in the
 * Electron utility process and in the browser's Web Worker. Types only, so every layer may import it.
 */
import type { Network } from '@memflow/core';

export type EngineStatusName = 'empty' | 'created' | 'running' | 'paused' | 'done' | 'faulted';

/** One element as the UI shows it. */
export interface ElementInfo {
  readonly id: string;
  readonly device: string;
  readonly kind: string;
  readonly nodes: readonly string[];
  /** Current parameter values (after applied SET_PARAMs). */
  readonly params: Readonly<Record<string, number>>;
  /** Parameter metadata from the device model. */
  readonly paramInfo: Readonly<Record<string, { readonly unit?: string; readonly min?: number; readonly max?: number; readonly doc?: string }>>;
  readonly states: readonly string[];
}

export interface LoadInfo {
  readonly title: string;
  readonly elements: readonly ElementInfo[];
  /** Node positions (the network's layout, when it has one). */
  readonly layout: Readonly<Record<string, readonly [number, number]>>;
  /** Nets driven by independent sources (other than ground): the electrodes. */
  readonly electrodes: readonly string[];
  /** Two-terminal elements whose conductance each frame reports, in frame order. */
  readonly edges: readonly string[];
  readonly tstop: number;
  readonly window: number;
  /** Signals worth plotting first (e.g. the bias source's current). */
  readonly suggested: readonly string[];
  /** The network itself (memflow.network/v1), for saving the session. */
  readonly network: Network;
}

export interface EngineStatus {
  readonly status: EngineStatusName;
  /** Simulated seconds reached. */
  readonly time: number;
  readonly tstop: number;
  readonly windows: number;
  /** Wall-clock seconds spent running windows. */
  readonly realTime: number;
  /** Runtime errors (rejected events, kernel failures) as the CLI words them, newest last. */
  readonly errors: readonly string[];
}

/** Sent after every window: status and each edge's conductance |i/v| (NaN where v ≈ 0). */
export interface Frame extends EngineStatus {
  readonly conductance: Float64Array;
}

export interface SignalChunkData {
  readonly t0: number;
  readonly t: Float64Array;
  readonly values: Float64Array;
}

/** An accepted SET_PARAM and the number of windows completed when it was sent. */
export interface LoggedEvent {
  readonly windows: number;
  readonly element: string;
  readonly name: string;
  readonly value: number;
}

/**
 * A session snapshot: the network, the window and every accepted event with the window count at which it
 * was sent. Runs are deterministic, so replaying the log reproduces the state bit for bit.
 */
export interface Snapshot {
  readonly network: Network;
  readonly window: number;
  readonly windows: number;
  readonly events: readonly LoggedEvent[];
}

export interface ParamReply {
  readonly accepted: boolean;
  readonly message?: string;
}

export interface NanowireDialogOptions {
  readonly wires: number;
  readonly lengthMean: number;
  readonly lengthStd: number;
  readonly width: number;
  readonly height: number;
  readonly seed: number;
  /** DC bias between the electrodes (V). */
  readonly vbias: number;
  readonly tstop: number;
}

/** The files of a plugin package (paths relative to its folder, '/'-separated). */
export type PluginFiles = Readonly<Record<string, string>>;

export interface ConformanceCheckInfo {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface PluginInfo {
  readonly name: string;
  readonly version: string;
  readonly ok: boolean;
  readonly models: readonly { readonly id: string; readonly title: string; readonly kind: string; readonly ok: boolean; readonly checks: readonly ConformanceCheckInfo[] }[];
  /** Why it failed to load or match its manifest. */
  readonly error?: string;
}

export interface ExperimentInfo {
  readonly name: string;
  readonly title: string;
}

export interface EpochPoint {
  readonly epoch: number;
  readonly loss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

/** Failures carry the CLI's wording: `file:line:col: error: ...`. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
