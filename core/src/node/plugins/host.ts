/**
 * The simulation thread's side of a confined plugin: starts the plugin's worker (plugin-worker.ts),
 * waits for its device declarations, and hands the simulator one proxy DeviceModel per device whose
 * `evaluate` and `initialState` are synchronous calls into the worker through shared memory.
 *
 * Watchdog: every call waits at most `timeoutMs` (Atomics.wait with a deadline). A call that has not
 * returned by then — an endless loop, or a worker that died of its memory limit — terminates the
 * worker and throws a DeviceFault; so does a call that throws, returns NaN or ±Infinity, or puts a
 * state outside its declared bounds. The simulator turns the DeviceFault into a SimulationFault that
 * names the elements and keeps the points recorded so far; this thread, its other models and other
 * plugins are untouched. A plugin whose worker was stopped stays faulted: every later call throws at
 * once with the first reason.
 *
 * Zero copy: the first call with an evaluation context gives it a SharedArrayBuffer holding all its
 * arrays and puts views of that buffer in place of the context's own arrays (`ctx.x[k] = view`...). The
 * simulator's contexts are the kernel's own arrays (ModelGroup.x, .f, .p...), so from then on the kernel
 * writes the unknowns and reads the results in shared memory and a call moves no data at all. A context
 * whose arrays cannot be replaced (a frozen one) is copied in and out on every call instead.
 */
import { performance } from 'node:perf_hooks';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { DeviceFault, localNames, resolveParamRef, type DeviceModel, type EvalContext, type JacobianEntry } from '@memflow/plugin-sdk';
import { BUFFER, Command, CMD, CONTROL_WORDS, DC_SOURCES, DERIVATIVES, DONE, FIRST_ITERATION,
  GMIN, layout, MODE_TRAN, NONCON, NONFINITE, REQ, SCALARS, SOURCE_SCALE, STATUS, TIME, type AttachMessage, type DeviceDeclaration, type Layout, type LoadReply } from './channel.js';
import { bundlePlugin } from './bundle.js';
import type { PluginWorkerData } from './plugin-worker.js';
import { builtFile } from '../built-file.js';

export interface ConfinementOptions {
  /** Longest a single call may take before the worker is stopped (default 2000 ms, env MEMFLOW_PLUGIN_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Longest loading (evaluating the module and building the devices) may take (default 10 s). */
  readonly loadTimeoutMs?: number;
  /** The worker's JavaScript heap limit (default 256 MB). */
  readonly memoryMb?: number;
  /** The worker module (default: pluginWorkerFile()). */
  readonly workerFile?: string;
  /**
   * How long the simulation thread spins for a call's result before it sleeps in Atomics.wait, in ms
   * (default 0.25, env MEMFLOW_PLUGIN_SPIN_MS; 0 never spins). A thread woken from Atomics.wait took
   * ~40 µs to run again here, longer than a call over 4096 instances takes (docs/plugins.md).
   */
  readonly spinMs?: number;
}

/** The built worker: beside the CLI bundle, beside this module in dist/, or (vitest on sources) in dist/. */
export function pluginWorkerFile(moduleUrl: string = import.meta.url): string {
  return builtFile(moduleUrl, 1, 'plugin-worker.bundle.mjs', 'plugins/plugin-worker.js');
}

export function defaultSpinMs(): number {
  const env = Number(process.env.MEMFLOW_PLUGIN_SPIN_MS);
  return process.env.MEMFLOW_PLUGIN_SPIN_MS !== undefined && Number.isFinite(env) && env >= 0 ? env : 0.25;
}

export function defaultTimeoutMs(): number {
  const env = Number(process.env.MEMFLOW_PLUGIN_TIMEOUT_MS);
  return Number.isFinite(env) && env > 0 ? env : 2000;
}

/** Loading failed: the message says why, without a stack (the plugin's, not memflow's, problem). */
export class PluginLoadError extends Error {
  override name = 'PluginLoadError';
}

const describeRow = (d: DeviceDeclaration, names: readonly string[], k: number): string => {
  const first = names.length - Object.keys(d.states ?? {}).length;
  return k >= first ? `the rate of state '${names[k]}'` : `the current at '${names[k]}'`;
};

/** Buffers a worker keeps at once; the least recently attached is dropped (and re-sent if used again). */
const ATTACHED_MAX = 64;

/** One evaluation context's shared buffer. */
interface Binding {
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
  readonly data: Float64Array;
  readonly lay: Layout;
  /** The context's arrays are views of `data` (else: copy in and out on each call). */
  readonly adopted: boolean;
}

/** One plugin package running in its own locked-down worker. */
export class ConfinedPlugin {
  readonly devices: readonly DeviceModel[];
  /** Why the plugin's worker was stopped (undefined while it serves). */
  dead?: string;
  private readonly ctrl: Int32Array;
  private readonly sc: Float64Array;
  private seq = 0;
  private nextBuffer = 1;
  /** Ids of the buffers the worker holds, oldest first. */
  private readonly attached = new Set<number>();

  private constructor(
    readonly name: string,
    private readonly worker: Worker,
    private readonly port: MessagePort,
    control: SharedArrayBuffer,
    scalars: SharedArrayBuffer,
    readonly declarations: readonly DeviceDeclaration[],
    readonly timeoutMs: number,
    private readonly spinMs: number,
  ) {
    this.ctrl = new Int32Array(control);
    this.sc = new Float64Array(scalars);
    this.devices = declarations.map((d, k) => this.proxy(d, k));
    // A worker that dies between calls (e.g. out of memory) must not take the process with it.
    worker.on('error', (err) => (this.dead ??= `its worker failed: ${err.message}`));
    worker.on('exit', () => (this.dead ??= 'its worker exited'));
  }

  /** Bundles the plugin's main module, starts its worker and waits for its device declarations. */
  static async start(name: string, mainFile: string, options: ConfinementOptions = {}): Promise<ConfinedPlugin> {
    let source: string;
    try {
      source = await bundlePlugin(mainFile);
    } catch (err) {
      throw new PluginLoadError((err as Error).message);
    }
    const control = new SharedArrayBuffer(CONTROL_WORDS * 4);
    const scalars = new SharedArrayBuffer(SCALARS * 8);
    const { port1, port2 } = new MessageChannel();
    const memoryMb = options.memoryMb ?? 256;
    const spinMs = options.spinMs ?? defaultSpinMs();
    const workerData: PluginWorkerData = { plugin: name, source, control, scalars, port: port2 };
    const worker = new Worker(options.workerFile ?? pluginWorkerFile(), {
      workerData,
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      // The worker's own output (SES notes on lockdown) is not the user's business; plugins have no console.
      stdout: true,
      stderr: true,
    });
    const loadTimeout = options.loadTimeoutMs ?? 10_000;
    const reply = await new Promise<LoadReply>((resolve) => {
      const timer = setTimeout(() => resolve({ type: 'failed', message: `loading did not finish within ${loadTimeout} ms (an endless loop at load?); its worker was stopped` }), loadTimeout);
      const done = (r: LoadReply) => {
        clearTimeout(timer);
        resolve(r);
      };
      worker.once('message', (m: LoadReply) => done(m));
      worker.once('error', (err: Error & { code?: string }) =>
        done({ type: 'failed', message: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `loading exceeded the plugin memory limit (${memoryMb} MB); its worker was stopped` : `its worker failed while loading: ${err.message}` }),
      );
      worker.once('exit', (code) => done({ type: 'failed', message: `its worker exited while loading (code ${code})` }));
    });
    if (reply.type === 'failed') {
      worker.removeAllListeners();
      worker.on('error', () => undefined);
      await worker.terminate();
      port1.close();
      throw new PluginLoadError(reply.message);
    }
    worker.removeAllListeners();
    // Idle between calls, blocked in Atomics.wait: it must not keep the process alive.
    worker.unref();
    port1.unref();
    return new ConfinedPlugin(name, worker, port1, control, scalars, reply.devices, options.timeoutMs ?? defaultTimeoutMs(), spinMs);
  }

  /** Stops the worker. Idempotent. */
  async close(): Promise<void> {
    this.dead ??= 'closed';
    this.port.close();
    await this.worker.terminate();
  }

  private fault(model: string, reason: string, time: number, instance?: number): DeviceFault {
    return new DeviceFault(this.name, model, reason, time, instance);
  }

  /** A synchronous call into the worker, with the watchdog. */
  private call(cmd: Command, buffer: number, what: string, model: string, time: number): void {
    if (this.dead) throw this.fault(model, `the plugin is stopped (${this.dead})`, time);
    const ctrl = this.ctrl;
    ctrl[CMD] = cmd;
    ctrl[BUFFER] = buffer;
    const seq = ++this.seq;
    Atomics.store(ctrl, REQ, seq);
    Atomics.notify(ctrl, REQ);
    // Spin before sleeping: a call returns within tens of microseconds, and a thread woken from
    // Atomics.wait takes about as long again to run.
    const now = performance.now();
    const spinUntil = now + this.spinMs;
    for (let spins = 1; Atomics.load(ctrl, DONE) !== seq; spins++) if ((spins & 63) === 0 && performance.now() >= spinUntil) break;
    const deadline = now + this.timeoutMs;
    while (Atomics.load(ctrl, DONE) !== seq) {
      const left = deadline - performance.now();
      if (left <= 0) {
        this.dead = `${what} did not return within ${this.timeoutMs} ms`;
        void this.worker.terminate();
        throw this.fault(model, `${what} did not return within ${this.timeoutMs} ms (an endless loop, or its worker ran out of memory); its worker was stopped`, time);
      }
      Atomics.wait(ctrl, DONE, seq - 1, left);
    }
    if (ctrl[STATUS] !== 0) {
      const message = receiveMessageOnPort(this.port)?.message;
      throw this.fault(model, `${what} threw: ${String(message)}`, time);
    }
  }

  /** A new shared buffer for `n` instances of model k. */
  private newBinding(lay: Layout, adopted: boolean): Binding {
    const buffer = new SharedArrayBuffer(Math.max(1, lay.size) * 8);
    return { id: this.nextBuffer++, buffer, data: new Float64Array(buffer), lay, adopted };
  }

  /** Makes sure the worker holds the binding's buffer (sending it, and dropping the oldest, if not). */
  private ensureAttached(b: Binding, k: number, model: string, time: number): void {
    if (this.attached.has(b.id)) return;
    if (this.attached.size >= ATTACHED_MAX) {
      const oldest = this.attached.values().next().value as number;
      this.attached.delete(oldest);
      this.call(Command.Detach, oldest, 'detaching a buffer', model, time);
    }
    this.port.postMessage({ id: b.id, buffer: b.buffer, model: k, n: b.lay.n } satisfies AttachMessage);
    this.call(Command.Attach, b.id, 'attaching a buffer', model, time);
    this.attached.add(b.id);
  }

  private proxy(d: DeviceDeclaration, k: number): DeviceModel {
    const names = localNames(d as unknown as DeviceModel);
    const paramNames = Object.keys(d.params);
    const work = d.work ?? [];
    const chargeRows = (d.charges?.rows ?? []).map((r) => names.indexOf(r));
    const first = names.length - Object.keys(d.states ?? {}).length;
    const stateEntries = Object.entries(d.states ?? {});
    const layouts = new Map<number, Layout>();
    const layoutFor = (n: number) => {
      let lay = layouts.get(n);
      if (!lay) layouts.set(n, (lay = layout(d, n)));
      return lay;
    };
    const entryName = (list: readonly JacobianEntry[], e: number, what: string) => `${what}(${list[e][0]})/∂x(${list[e][1]})`;

    /** The first non-finite output, named (called when the worker's check found one). */
    const nonFinite = (data: Float64Array, lay: Layout, derivatives: boolean): { instance: number; reason: string } | undefined => {
      const n = lay.n;
      const bad = (offset: number, count: number, label: (row: number) => string) => {
        for (let row = 0; row < count; row++)
          for (let i = 0; i < n; i++) {
            const v = data[offset + row * n + i];
            if (!Number.isFinite(v)) return { instance: i, reason: `returned ${v} as ${label(row)}` };
          }
        return undefined;
      };
      return (
        bad(lay.f, lay.L, (row) => describeRow(d, names, row)) ??
        chargeRows.map((r) => bad(lay.q + r * n, 1, () => `the charge at '${names[r]}'`)).find(Boolean) ??
        (derivatives ? bad(lay.df, d.jacobian.length, (e) => entryName(d.jacobian, e, '∂f')) : undefined) ??
        (derivatives ? bad(lay.dq, d.charges?.jacobian.length ?? 0, (e) => entryName(d.charges!.jacobian, e, '∂q')) : undefined)
      );
    };

    const bindings = new WeakMap<EvalContext, Binding>();
    const rowsOf = (data: Float64Array, offset: number, count: number, n: number) => Array.from({ length: count }, (_, r) => data.subarray(offset + r * n, offset + (r + 1) * n));

    /** The context's binding: on first sight, a buffer holding its current inputs, adopted if possible. */
    const bind = (ctx: EvalContext): Binding => {
      let b = bindings.get(ctx);
      if (b) return b;
      const n = ctx.n;
      const lay = layout(d, n);
      const mutable = [ctx.x, ctx.f, ctx.q, ctx.df, ctx.dq, ctx.p, ctx.work].every((a) => !Object.isFrozen(a));
      b = this.newBinding(lay, mutable);
      const { data } = b;
      for (let r = 0; r < lay.L; r++) data.set(ctx.x[r], lay.x + r * n);
      for (let j = 0; j < paramNames.length; j++) data.set(ctx.p[paramNames[j]], lay.p + j * n);
      for (let j = 0; j < work.length; j++) data.set(ctx.work[work[j]], lay.work + j * n);
      if (mutable) {
        const swap = (target: Float64Array[], views: Float64Array[]) => views.forEach((v, r) => (target[r] = v));
        swap(ctx.x as Float64Array[], rowsOf(data, lay.x, lay.L, n));
        swap(ctx.f, rowsOf(data, lay.f, lay.L, n));
        swap(ctx.q, rowsOf(data, lay.q, lay.L, n));
        swap(ctx.df, rowsOf(data, lay.df, d.jacobian.length, n));
        swap(ctx.dq, rowsOf(data, lay.dq, d.charges?.jacobian.length ?? 0, n));
        const p = ctx.p as Record<string, Float64Array>;
        paramNames.forEach((name, j) => (p[name] = data.subarray(lay.p + j * n, lay.p + (j + 1) * n)));
        const w = ctx.work as Record<string, Float64Array>;
        work.forEach((name, j) => (w[name] = data.subarray(lay.work + j * n, lay.work + (j + 1) * n)));
      }
      bindings.set(ctx, b);
      return b;
    };

    const evaluate = (ctx: EvalContext): void => {
      const b = bind(ctx);
      const { data, lay } = b;
      const n = lay.n;
      if (!b.adopted) {
        for (let r = 0; r < lay.L; r++) data.set(ctx.x[r], lay.x + r * n);
        for (let j = 0; j < paramNames.length; j++) data.set(ctx.p[paramNames[j]], lay.p + j * n);
        for (let j = 0; j < work.length; j++) data.set(ctx.work[work[j]], lay.work + j * n);
      }
      const sc = this.sc;
      sc[TIME] = ctx.time;
      sc[GMIN] = ctx.gmin;
      sc[SOURCE_SCALE] = ctx.sourceScale;
      sc[MODE_TRAN] = ctx.mode === 'tran' ? 1 : 0;
      sc[DC_SOURCES] = ctx.dcSources ? 1 : 0;
      sc[FIRST_ITERATION] = ctx.firstIteration ? 1 : 0;
      sc[DERIVATIVES] = ctx.derivatives === false ? 0 : 1;
      this.ensureAttached(b, k, d.id, ctx.time);
      this.call(Command.Evaluate, b.id, 'evaluate', d.id, ctx.time);
      if (sc[NONFINITE] !== 0) {
        // Nothing found: the probe's partial sums overflowed on finite values (channel.ts zeroSum).
        const bad = nonFinite(data, lay, sc[DERIVATIVES] !== 0);
        if (bad) throw this.fault(d.id, bad.reason, ctx.time, bad.instance);
      }
      if (!b.adopted) {
        for (let r = 0; r < lay.L; r++) ctx.f[r].set(data.subarray(lay.f + r * n, lay.f + (r + 1) * n));
        for (const r of chargeRows) ctx.q[r].set(data.subarray(lay.q + r * n, lay.q + (r + 1) * n));
        for (let e = 0; e < ctx.df.length; e++) ctx.df[e].set(data.subarray(lay.df + e * n, lay.df + (e + 1) * n));
        for (let e = 0; e < ctx.dq.length; e++) ctx.dq[e].set(data.subarray(lay.dq + e * n, lay.dq + (e + 1) * n));
        for (let j = 0; j < work.length; j++) ctx.work[work[j]].set(data.subarray(lay.work + j * n, lay.work + (j + 1) * n));
      }
      ctx.noncon = sc[NONCON];
    };

    const initialState = (p: Readonly<Record<string, Float64Array>>, n: number, states: readonly Float64Array[]): void => {
      // A one-off buffer: the parameters may be the kernel's, not yet adopted by any context.
      const b = this.newBinding(layoutFor(n), false);
      const { data, lay } = b;
      for (let j = 0; j < paramNames.length; j++) data.set(p[paramNames[j]], lay.p + j * n);
      states.forEach((s, j) => data.set(s, lay.x + (first + j) * n));
      this.ensureAttached(b, k, d.id, 0);
      this.call(Command.InitialState, b.id, 'initialState', d.id, 0);
      this.attached.delete(b.id);
      this.call(Command.Detach, b.id, 'detaching a buffer', d.id, 0);
      stateEntries.forEach(([name, spec], j) => {
        const row = data.subarray(lay.x + (first + j) * n, lay.x + (first + j + 1) * n);
        for (let i = 0; i < n; i++) {
          const param = (pn: string) => p[pn]?.[i];
          const lo = resolveParamRef(spec.min as number | string | undefined, param) ?? -Infinity;
          const hi = resolveParamRef(spec.max as number | string | undefined, param) ?? Infinity;
          const v = row[i];
          if (!Number.isFinite(v)) throw this.fault(d.id, `initialState set state '${name}' to ${v}`, 0, i);
          if (v < lo || v > hi) throw this.fault(d.id, `initialState set state '${name}' to ${v}, outside its declared bounds [${lo}, ${hi}]`, 0, i);
        }
        states[j].set(row);
      });
    };

    const { hasInitialState: _h, ...decl } = d;
    return { ...(decl as unknown as DeviceModel), evaluate, ...(d.hasInitialState ? { initialState } : {}) };
  }
}
