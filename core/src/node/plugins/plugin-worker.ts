/**
 * A plugin's worker: SES `lockdown()` hardens this thread's JavaScript, then the plugin's bundled code
 * (plugin-bundle.ts) is evaluated in a `Compartment` that holds only the standard, frozen intrinsics
 * (Math among them; Math.random and Date.now throw) and the SDK: no require, process, fs, network or
 * timers, and `eval` / `Function` / `Compartment` replaced by functions that refuse. The worker
 * answers the simulation thread's calls through shared memory (channel.ts) until it is terminated.
 *
 * Everything here but the plugin's own functions is host code: the declaration copy, the call loop
 * and the error description run in the worker's start compartment, which plugin code cannot reach.
 */
import 'ses';
import { receiveMessageOnPort, workerData, parentPort, type MessagePort } from 'node:worker_threads';
import * as sdkModule from '@memflow/plugin-sdk';
import type { DeviceModel, EvalContext } from '@memflow/plugin-sdk';
import { BUFFER, Command, CMD, DC_SOURCES, DERIVATIVES, DONE, FIRST_ITERATION, GMIN, layout, MODE_TRAN, NONCON, NONFINITE, outputRanges, REQ, SOURCE_SCALE, STATUS, TIME, zeroSum, type AttachMessage, type DeviceDeclaration, type LoadReply } from './channel.js';

export interface PluginWorkerData {
  readonly plugin: string;
  readonly source: string;
  readonly control: SharedArrayBuffer;
  readonly scalars: SharedArrayBuffer;
  readonly port: MessagePort;
}

declare function lockdown(options?: Record<string, string>): void;
declare function harden<T>(x: T): T;
declare class Compartment {
  constructor(options?: Record<string, unknown>);
  readonly globalThis: Record<string, unknown>;
  evaluate(source: string): unknown;
}

// Errors keep their messages and stacks (the plugin author needs them); intrinsics are frozen.
lockdown({ errorTaming: 'unsafe', consoleTaming: 'unsafe', stackFiltering: 'verbose', overrideTaming: 'moderate' });

const { source, control, scalars, port } = workerData as PluginWorkerData;
const ctrl = new Int32Array(control);
const sc = new Float64Array(scalars);

/** The SDK as the plugin sees it: a frozen copy of its exports. */
const sdk = harden({ ...sdkModule });

/** A text for anything thrown, without trusting it (a hostile getter may throw again). */
function describe(err: unknown): string {
  try {
    if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) return String((err as Error).message);
    return String(err);
  } catch {
    return 'an exception that cannot be described';
  }
}

const NO_CODE = 'they may not evaluate new code';
const NO_IO = 'they have no files, processes, network or timers';

function refuse(name: string, why: string): () => never {
  return harden(() => {
    throw new Error(`${name} is not available to memflow plugins: ${why}`);
  });
}

/** Host globals a plugin might reach for: each refuses with a message instead of being merely undefined. */
function refusals(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of ['eval', 'Function', 'Compartment']) out[name] = refuse(name, NO_CODE);
  for (const name of ['fetch', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'XMLHttpRequest', 'WebSocket', 'require']) out[name] = refuse(name, NO_IO);
  // `typeof process` stays answerable ('object'); reading anything from it says why there is nothing.
  out.process = new Proxy(harden({}), {
    get: (_t, key) => {
      throw new Error(`process.${String(key)} is not available to memflow plugins: ${NO_IO}`);
    },
  });
  return out;
}

function requireFor(spec: string): unknown {
  if (spec === '@memflow/plugin-sdk') return sdk;
  throw new Error(`import of '${spec}' refused: a memflow plugin may import only @memflow/plugin-sdk and its own (bundled) code, and has no access to files, processes, the network or timers`);
}

/** Runs the plugin's module in a fresh Compartment and collects its device models. */
function loadDevices(): DeviceModel[] {
  const compartment = new Compartment({ __options__: true, globals: {} });
  for (const [name, value] of Object.entries(refusals())) compartment.globalThis[name] = value;
  const factory = compartment.evaluate(`(function (require, module, exports) {\n${source}\n})`) as (r: unknown, m: unknown, e: unknown) => void;
  const module = { exports: {} as Record<string, unknown> };
  factory(harden(requireFor), module, module.exports);
  const exports = module.exports;
  let list: unknown;
  if (Array.isArray(exports.devices)) list = exports.devices;
  else if (typeof exports.activate === 'function') list = (exports.activate as (s: typeof sdk) => unknown)(sdk);
  else throw new Error('the main module exports neither `devices` (an array of device models) nor `activate(sdk)`');
  if (!Array.isArray(list)) throw new Error('the exported devices are not an array');
  return list.map((model: DeviceModel, k) => {
    if (typeof model !== 'object' || model === null || typeof model.evaluate !== 'function') throw new Error(`device #${k} is not a device model (an object with id and evaluate)`);
    const problems = sdkModule.declarationProblems(model);
    if (problems.length) throw new Error(`device model '${String(model.id)}' is not well declared:\n  - ${problems.join('\n  - ')}`);
    if (model.breakpoints) throw new Error(`device model '${model.id}': breakpoints() is not available to plugin models in plugin API 1`);
    return model;
  });
}

/** The declaration as plain data (a JSON copy: getters run once, here, and nothing callable leaves). */
function declaration(m: DeviceModel): DeviceDeclaration {
  const plain = JSON.parse(
    JSON.stringify({
      id: m.id,
      version: m.version,
      title: m.title,
      kind: m.kind,
      description: m.description,
      citation: m.citation,
      terminals: m.terminals,
      internalNodes: m.internalNodes,
      branches: m.branches,
      params: m.params,
      states: m.states,
      work: m.work,
      jacobian: m.jacobian,
      charges: m.charges,
      linear: m.linear,
      spice: m.spice,
    }),
  ) as Omit<DeviceDeclaration, 'hasInitialState'>;
  return { ...plain, hasInitialState: typeof m.initialState === 'function' };
}


/**
 * The prototype of the arrays handed to plugins. After lockdown every intrinsic prototype is frozen,
 * and V8 (Node 20) then sends every indexed store into a typed array whose prototype chain holds a
 * frozen object through its slow generic path: measured 25× slower than native on a 4096-element
 * store loop (bench/plugins.mjs, docs/plugins.md). A typed array with this prototype instead — sealed,
 * null-prototyped, holding only non-configurable accessors to the intrinsic methods — stores at native
 * speed and still cannot be altered by the plugin. `instanceof Float64Array` is false on these arrays;
 * everything else a model does with its arrays (index, length, fill, set, subarray, iterate) works.
 */
const viewPrototype: object = (() => {
  const typedArray = Object.getPrototypeOf(Float64Array.prototype) as Record<string | symbol, unknown>;
  const proto = Object.create(null) as object;
  const lengthGetter = Object.getOwnPropertyDescriptor(typedArray, 'length')!.get!;
  Object.defineProperty(proto, 'length', { get: harden(function (this: Float64Array) { return Reflect.apply(lengthGetter, this, []) as number; }) });
  const methods: (string | symbol)[] = ['fill', 'set', 'subarray', 'slice', 'indexOf', 'includes', 'every', 'some', 'forEach', 'map', 'reduce', 'at', 'keys', 'values', 'entries', Symbol.iterator];
  for (const name of methods) {
    const method = typedArray[name];
    Object.defineProperty(proto, name, { get: harden(() => method) });
  }
  return Object.seal(proto);
})();

/** A view of a shared buffer for the plugin, with the fast-store prototype. */
function view(data: Float64Array, offset: number, n: number): Float64Array {
  const v = data.subarray(offset, offset + n);
  Object.setPrototypeOf(v, viewPrototype);
  return v;
}

/** An attached buffer: one evaluation context's arrays, as the plugin sees them. */
interface Views {
  readonly k: number;
  readonly n: number;
  /** The whole buffer and its output ranges, for the host's finiteness check (never handed out). */
  readonly all: Float64Array;
  readonly outputs: { readonly values: readonly (readonly [number, number])[]; readonly derivatives: readonly [number, number] };
  readonly x: Float64Array[];
  readonly p: Record<string, Float64Array>;
  readonly work: Record<string, Float64Array>;
  readonly f: Float64Array[];
  readonly q: Float64Array[];
  readonly df: Float64Array[];
  readonly dq: Float64Array[];
  readonly data: readonly unknown[];
  /** The evaluation context handed to the device on every call with this buffer. */
  readonly ctx: { -readonly [K in keyof EvalContext]: EvalContext[K] };
}
const buffers = new Map<number, Views>();

function attach(): void {
  const { id, buffer, model: k, n } = receiveMessageOnPort(port)!.message as AttachMessage;
  const data = new Float64Array(buffer);
  const d = declarations[k];
  const lay = layout(d, n);
  const named = (names: readonly string[], offset: number) => Object.freeze(Object.fromEntries(names.map((name, j) => [name, view(data, offset + j * n, n)])));
  const rows = (offset: number, count: number) => Object.freeze(Array.from({ length: count }, (_, j) => view(data, offset + j * n, n)));
  const x = rows(lay.x, lay.L) as Float64Array[];
  const p = named(Object.keys(d.params), lay.p);
  const work = named(d.work ?? [], lay.work);
  const f = rows(lay.f, lay.L) as Float64Array[];
  const q = rows(lay.q, lay.L) as Float64Array[];
  const df = rows(lay.df, d.jacobian.length) as Float64Array[];
  const dq = rows(lay.dq, d.charges?.jacobian.length ?? 0) as Float64Array[];
  const noData = Object.freeze(new Array<unknown>(n).fill(undefined));
  const ctx = { n, mode: 'dc' as const, time: 0, dcSources: true, sourceScale: 1, gmin: 0, firstIteration: true, derivatives: true, noncon: 0, x, p, data: noData, work, f, q, df, dq };
  buffers.set(id, { k, n, all: data, outputs: outputRanges(d, lay), x, p, work, f, q, df, dq, data: noData, ctx });
}

function evaluate(id: number): void {
  const v = buffers.get(id)!;
  // One context per buffer, its scalars set per call: a device that binds its loop to the context's
  // arrays (the SDK's bindToContext) then binds once, as in the simulation thread.
  const ctx = v.ctx;
  ctx.mode = sc[MODE_TRAN] ? 'tran' : 'dc';
  ctx.time = sc[TIME];
  ctx.dcSources = sc[DC_SOURCES] !== 0;
  ctx.sourceScale = sc[SOURCE_SCALE];
  ctx.gmin = sc[GMIN];
  ctx.firstIteration = sc[FIRST_ITERATION] !== 0;
  const derivatives = sc[DERIVATIVES] !== 0;
  ctx.derivatives = derivatives;
  ctx.noncon = 0;
  devices[v.k].evaluate(ctx);
  const noncon = Number(ctx.noncon);
  sc[NONCON] = Number.isFinite(noncon) ? noncon : 0;
  // Checked here, where the outputs are still in this core's cache; the host searches only on NaN.
  let probe = 0;
  for (const [from, to] of v.outputs.values) probe += zeroSum(v.all, from, to);
  if (derivatives) probe += zeroSum(v.all, v.outputs.derivatives[0], v.outputs.derivatives[1]);
  sc[NONFINITE] = probe;
}

function initialState(id: number): void {
  const v = buffers.get(id)!;
  const d = declarations[v.k];
  const first = d.terminals.length + (d.internalNodes?.length ?? 0) + (d.branches?.length ?? 0);
  devices[v.k].initialState!(v.p, v.n, v.x.slice(first));
}

/** Answers calls until terminated; this thread does nothing else from now on. */
function serve(): never {
  let seen = 0;
  for (;;) {
    // No spinning here: the next call comes a Newton iteration's work later (~100 µs on a 4096-device
    // crossbar), and spinning that long bought no wall time for 30 % more CPU (bench/plugins.mjs).
    Atomics.wait(ctrl, REQ, seen);
    const seq = Atomics.load(ctrl, REQ);
    if (seq === seen) continue;
    seen = seq;
    try {
      const cmd = ctrl[CMD] as Command;
      if (cmd === Command.Evaluate) evaluate(ctrl[BUFFER]);
      else if (cmd === Command.InitialState) initialState(ctrl[BUFFER]);
      else if (cmd === Command.Attach) attach();
      else if (cmd === Command.Detach) buffers.delete(ctrl[BUFFER]);
      ctrl[STATUS] = 0;
    } catch (err) {
      ctrl[STATUS] = 1;
      port.postMessage(describe(err));
    }
    Atomics.store(ctrl, DONE, seq);
    Atomics.notify(ctrl, DONE);
  }
}

let devices: DeviceModel[] = [];
let declarations: DeviceDeclaration[] = [];
let loaded = false;
try {
  devices = loadDevices();
  declarations = devices.map(declaration);
  loaded = true;
} catch (err) {
  parentPort!.postMessage({ type: 'failed', message: describe(err) } satisfies LoadReply);
}
if (loaded) {
  parentPort!.postMessage({ type: 'loaded', devices: declarations } satisfies LoadReply);
  serve();
}
