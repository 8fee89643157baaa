/**
 * The shared-memory channel between the simulation thread and a plugin's worker (plugin-worker.ts).
 *
 * The simulator calls a plugin model synchronously, once per Newton iteration for all its instances.
 * Every evaluation context (one per group of instances in a compiled circuit) gets a SharedArrayBuffer
 * holding all its arrays (layout below), attached to the worker once. The call bumps a request counter
 * and sleeps in Atomics.wait until the worker bumps the done counter — or until the watchdog's time is
 * up, when the worker is terminated (see host.ts). No message passing on the hot path.
 */

/** Int32 control words. */
export const REQ = 0;
export const DONE = 1;
export const CMD = 2;
/** The id of the attached buffer the call works on. */
export const BUFFER = 3;
/** 0 ok; 1 the call threw (the message follows on the port). */
export const STATUS = 5;
export const CONTROL_WORDS = 8;

/** Float64 scalars of an evaluation. */
export const TIME = 0;
export const GMIN = 1;
export const SOURCE_SCALE = 2;
export const MODE_TRAN = 3;
export const DC_SOURCES = 4;
export const FIRST_ITERATION = 5;
export const NONCON = 6;
/** Out: Σ output·0 over the call's outputs (the derivatives only if asked for) — 0 when all are finite, NaN when one is not. */
export const NONFINITE = 7;
/** 0 when the kernel reads no derivatives from this call (EvalContext.derivatives). */
export const DERIVATIVES = 8;
export const SCALARS = 9;

/**
 * 0 when every value in a[from, to) is finite; NaN when one is not — or, rarely, when finite values
 * near ±1.8e308 overflow in a partial sum (the host then searches, finds nothing and goes on). Partial
 * sums of four, times 0, in four chains: 1.5× faster than Σ a[i]·0 on a crossbar call's 45,000 outputs.
 */
export function zeroSum(a: Float64Array, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = from;
  for (; i + 15 < to; i += 16) {
    s0 += (a[i] + a[i + 1] + (a[i + 2] + a[i + 3])) * 0;
    s1 += (a[i + 4] + a[i + 5] + (a[i + 6] + a[i + 7])) * 0;
    s2 += (a[i + 8] + a[i + 9] + (a[i + 10] + a[i + 11])) * 0;
    s3 += (a[i + 12] + a[i + 13] + (a[i + 14] + a[i + 15])) * 0;
  }
  for (; i < to; i++) s0 += a[i] * 0;
  return s0 + s1 + s2 + s3;
}

/**
 * The [from, to) ranges of a call's outputs: `values`, every f row and the charge rows of q;
 * `derivatives`, all of df and dq (written, and checked, only when the kernel reads them).
 */
export function outputRanges(d: DeviceDeclaration, lay: Layout): { values: [number, number][]; derivatives: [number, number] } {
  const names = [...d.terminals, ...(d.internalNodes ?? []), ...(d.branches ?? []), ...Object.keys(d.states ?? {})];
  const n = lay.n;
  const values: [number, number][] = [[lay.f, lay.f + lay.L * n]];
  for (const row of d.charges?.rows ?? []) {
    const r = names.indexOf(row);
    values.push([lay.q + r * n, lay.q + (r + 1) * n]);
  }
  return { values, derivatives: [lay.df, lay.size] };
}

export const enum Command {
  Evaluate = 1,
  InitialState = 2,
  /** An AttachMessage waits on the port. */
  Attach = 3,
  /** Forget buffer BUFFER. */
  Detach = 4,
}

/** A context's buffer, handed to the worker once. */
export interface AttachMessage {
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
  /** Index of the device in the plugin's list. */
  readonly model: number;
  readonly n: number;
}

/** What a device declares, as plain data: everything the simulator needs without running its code. */
export interface DeviceDeclaration {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly kind: string;
  readonly description?: string;
  readonly citation?: string;
  readonly terminals: readonly string[];
  readonly internalNodes?: readonly string[];
  readonly branches?: readonly string[];
  readonly params: Readonly<Record<string, Record<string, unknown>>>;
  readonly states?: Readonly<Record<string, Record<string, unknown>>>;
  readonly work?: readonly string[];
  readonly jacobian: readonly (readonly [string, string])[];
  readonly charges?: { readonly rows: readonly string[]; readonly jacobian: readonly (readonly [string, string])[] };
  readonly linear?: boolean;
  readonly spice?: Record<string, unknown>;
  readonly hasInitialState: boolean;
}

/** Offsets (in float64 slots) of each array of a call with `n` instances. */
export interface Layout {
  readonly n: number;
  readonly L: number;
  readonly x: number;
  readonly p: number;
  readonly work: number;
  readonly f: number;
  readonly q: number;
  readonly df: number;
  readonly dq: number;
  readonly size: number;
}

export function layout(d: DeviceDeclaration, n: number): Layout {
  const L = d.terminals.length + (d.internalNodes?.length ?? 0) + (d.branches?.length ?? 0) + Object.keys(d.states ?? {}).length;
  const P = Object.keys(d.params).length;
  const W = d.work?.length ?? 0;
  const E = d.jacobian.length;
  const Eq = d.charges?.jacobian.length ?? 0;
  const x = 0;
  const p = x + L * n;
  const work = p + P * n;
  const f = work + W * n;
  const q = f + L * n;
  const df = q + L * n;
  const dq = df + E * n;
  return { n, L, x, p, work, f, q, df, dq, size: dq + Eq * n };
}

/** Messages from the worker while it loads. */
export type LoadReply = { readonly type: 'loaded'; readonly devices: DeviceDeclaration[] } | { readonly type: 'failed'; readonly message: string };
