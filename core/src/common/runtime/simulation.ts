/**
 * A live simulation (DESIGN §4): a controller that drives the kernel's transient in windows of
 * simulated time. Control goes through xstate actors (the simulation's lifecycle and, materialised
 * lazily, one actor per element); data goes out as rxjs signal chunks published at each window end.
 *
 * At each window end, in this order: (a) the window's signal chunks are published, (b) the queued
 * element events are applied to the kernel in a deterministic order — by arrival sequence number,
 * then element id (a batch sent with `sendBatch` shares one sequence number, so its events apply by
 * element id whatever their order in the batch), then position in the batch. Events queued before the
 * first window apply before the operating point (t = 0 is the first boundary).
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import { defer, Observable, Subject, type Subscriber } from 'rxjs';
import { createActor, type Actor } from 'xstate';
import type { Network } from '../network/types.js';
import { CircuitError } from '../solver/errors.js';
import { nameFault, networkIds, systemIds } from '../solver/fault.js';
import { Kernel } from '../solver/kernel.js';
import { resolveOptions } from '../solver/options.js';
import { resolveProbe } from '../solver/probes.js';
import { compileSystem, type CircuitSystem, type DeviceLookup, type ModelGroup } from '../solver/system.js';
import { startTransient, type TransientRun, type TransientSpec } from '../solver/transient.js';
import {
  elementMachine,
  elementStatus,
  impliedElementStatus,
  simulationMachine,
  type ElementEvent,
  type ElementSnapshot,
  type ElementStatus,
  type SimulationStatus,
} from './machines.js';
import { checkParam } from './params.js';
import { SignalChannel, WindowBuffer, type SignalChunk, type SignalReader } from './signals.js';

export interface SimulationOptions {
  /** Simulated seconds per window: signals are published and events applied every `window` seconds. */
  readonly window: number;
  /** The transient to run; defaults to the network's first `.tran`. */
  readonly analysis?: TransientSpec;
}

/** An event the runtime rejected, or a failure of the kernel. */
export interface RuntimeError {
  readonly message: string;
  /** Simulated time when it was reported. */
  readonly time: number;
  readonly element?: string;
  readonly event?: ElementEvent;
}

/** An element event as applied at a window end. */
export interface AppliedEvent {
  readonly seq: number;
  readonly element: string;
  readonly event: ElementEvent;
  /** The window end it was applied at. */
  readonly time: number;
}

export interface RuntimeStats {
  readonly windows: number;
  /** Accepted points recorded (only while some signal has a subscriber). */
  readonly recordedPoints: number;
  /** Most points recorded in one window. */
  readonly maxWindowPoints: number;
  /** Largest number of points held in the time buffer at once (buffers reset after every window). */
  readonly maxBuffered: number;
  /** Current capacity of the time buffer, in points. */
  readonly bufferCapacity: number;
}

export type ElementActor = Actor<typeof elementMachine>;

interface Queued {
  readonly seq: number;
  readonly sub: number;
  readonly element: string;
  readonly event: ElementEvent;
  /** Canonical parameter name of a SET_PARAM. */
  readonly param?: string;
}

const FINAL: ReadonlySet<SimulationStatus> = new Set(['done', 'faulted']);

/** Compares queued events: arrival sequence, then element id, then position in a batch. */
export function eventOrder(a: { seq: number; element: string; sub: number }, b: { seq: number; element: string; sub: number }): number {
  if (a.seq !== b.seq) return a.seq - b.seq;
  if (a.element !== b.element) return a.element < b.element ? -1 : 1;
  return a.sub - b.sub;
}

export class Simulation {
  readonly sys: CircuitSystem;
  readonly kernel: Kernel;
  readonly spec: TransientSpec;
  readonly window: number;
  /** The simulation's lifecycle actor (created → running ⇄ paused → done | faulted). */
  readonly lifecycle: Actor<typeof simulationMachine>;
  /** Rejected events and kernel failures; the simulation continues after a rejected event. */
  readonly errors$: Observable<RuntimeError>;
  /** Element events as they are applied at window ends. */
  readonly applied$: Observable<AppliedEvent>;

  private readonly errorsSubject = new Subject<RuntimeError>();
  private readonly appliedSubject = new Subject<AppliedEvent>();
  private readonly actors = new Map<string, ElementActor>();
  private readonly channels = new Map<string, SignalChannel>();
  private active: SignalChannel[] = [];
  private readonly times = new WindowBuffer();
  private readonly snapshotSubscribers = new Set<Subscriber<ElementSnapshot>>();
  private queue: Queued[] = [];
  private seq = 0;
  private windows = 0;
  private tran?: TransientRun;
  private lastStatus: SimulationStatus = 'created';
  private waiters: (() => void)[] = [];
  private running?: Promise<SimulationStatus>;
  private disposed = false;
  private stats_ = { windows: 0, recordedPoints: 0, maxWindowPoints: 0, maxBuffered: 0 };

  constructor(network: Network, lookup: DeviceLookup, options: SimulationOptions) {
    const spec = options.analysis ?? (network.analyses?.find((a) => a.type === 'tran') as TransientSpec | undefined);
    if (!spec) throw new CircuitError('a live simulation needs a transient analysis: add .tran or pass options.analysis');
    if (!(spec.tstop > 0) || !(spec.tstep > 0)) throw new CircuitError(`.tran needs a positive step and stop time, got ${spec.tstep} and ${spec.tstop}`);
    if (!(options.window > 0) || !Number.isFinite(options.window)) throw new CircuitError(`the window must be a positive number of seconds, got ${options.window}`);
    this.spec = spec;
    this.window = options.window;
    try {
      this.sys = compileSystem(network, lookup);
    } catch (err) {
      throw nameFault(networkIds(network, lookup), err) ?? err;
    }
    this.kernel = new Kernel(this.sys, resolveOptions(network.options));
    this.errors$ = this.errorsSubject.asObservable();
    this.applied$ = this.appliedSubject.asObservable();
    this.lifecycle = createActor(simulationMachine);
    this.lifecycle.subscribe((snapshot) => this.onStatus(snapshot.value as SimulationStatus));
    this.lifecycle.start();
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  get status(): SimulationStatus {
    return this.lifecycle.getSnapshot().value as SimulationStatus;
  }
  /** Simulated time reached (the end of the last window). */
  get time(): number {
    return this.tran?.time ?? 0;
  }
  get stats(): RuntimeStats {
    return { ...this.stats_, bufferCapacity: this.times.capacity };
  }
  /** Number of element actors materialised so far. */
  get materialisedActors(): number {
    return this.actors.size;
  }

  start(): void {
    this.lifecycle.send({ type: 'START' });
  }
  pause(): void {
    this.lifecycle.send({ type: 'PAUSE' });
  }
  resume(): void {
    this.lifecycle.send({ type: 'RESUME' });
  }
  stop(): void {
    this.lifecycle.send({ type: 'STOP' });
  }

  /** Runs whole windows synchronously while running, until the time reaches `t` (starts if created). */
  runUntil(t: number): SimulationStatus {
    if (this.status === 'created') this.start();
    while (this.status === 'running' && this.time < t) this.step();
    return this.status;
  }

  /**
   * Runs to the end cooperatively, yielding to the event loop between windows; waits while paused.
   * Resolves with the final status (done after the stop time or STOP, faulted on a kernel failure).
   */
  run(): Promise<SimulationStatus> {
    if (this.status === 'created') this.start();
    this.running ??= (async () => {
      try {
        while (!FINAL.has(this.status)) {
          if (this.status === 'running') {
            // Yield first, so run() never blocks its caller and pause/stop/events get a turn.
            await new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0));
            if (this.status === 'running') this.step();
          } else {
            await new Promise<void>((resolve) => this.waiters.push(resolve));
          }
        }
        return this.status;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Stops the simulation, completes every stream and stops every actor. */
  dispose(): void {
    if (this.disposed) return;
    if (!FINAL.has(this.status)) this.stop();
    this.disposed = true;
    this.closeStreams();
    for (const sub of this.snapshotSubscribers) sub.complete();
    this.snapshotSubscribers.clear();
    for (const actor of this.actors.values()) actor.stop();
    this.actors.clear();
    this.errorsSubject.complete();
    this.appliedSubject.complete();
    this.lifecycle.stop();
    this.wake();
  }

  // ---- elements --------------------------------------------------------------------------------

  /** The element `id` (case-insensitive). Cheap: materialises nothing. */
  element(id: string): ElementHandle {
    const key = id.toLowerCase();
    const el = this.sys.elements.get(key);
    if (!el) throw new CircuitError(`the network has no element '${id}'`);
    return new ElementHandle(this, key, el.group.model);
  }

  /** Element ids, in the kernel's order. */
  elementIds(): string[] {
    return [...this.sys.elements.keys()];
  }

  /** Sends one event; returns whether it was accepted (a rejection is reported on `errors$`). */
  send(id: string, event: ElementEvent): boolean {
    return this.accept(id.toLowerCase(), event, this.seq++, 0);
  }

  /** Sends simultaneous events: they share one sequence number and apply in element-id order. */
  sendBatch(events: readonly { readonly id: string; readonly event: ElementEvent }[]): boolean[] {
    const seq = this.seq++;
    return events.map(({ id, event }, sub) => this.accept(id.toLowerCase(), event, seq, sub));
  }

  /** @internal The element's actor, materialised on first use. */
  actorOf(id: string): ElementActor {
    let actor = this.actors.get(id);
    if (!actor) {
      if (this.disposed) throw new Error(`simulation disposed: cannot materialise element '${id}'`);
      actor = createActor(elementMachine, { input: { id, sim: this.status }, systemId: id });
      actor.start();
      this.actors.set(id, actor);
    }
    return actor;
  }

  /** @internal Status without materialising: a dormant element follows the simulation. */
  statusOf(id: string): ElementStatus {
    const actor = this.actors.get(id);
    return actor ? elementStatus(actor.getSnapshot()) : impliedElementStatus(this.status);
  }

  /** @internal Is the element's actor materialised? */
  isMaterialised(id: string): boolean {
    return this.actors.has(id);
  }

  /** @internal Snapshots of the element's actor (materialises it on subscription). */
  snapshots$(id: string): Observable<ElementSnapshot> {
    return new Observable<ElementSnapshot>((subscriber) => {
      if (this.disposed) {
        subscriber.complete();
        return;
      }
      const actor = this.actorOf(id);
      this.snapshotSubscribers.add(subscriber);
      const sub = actor.subscribe({ next: (s) => subscriber.next(s), error: (e) => subscriber.error(e), complete: () => subscriber.complete() });
      subscriber.next(actor.getSnapshot());
      return () => {
        sub.unsubscribe();
        this.snapshotSubscribers.delete(subscriber);
      };
    });
  }

  private reject(id: string | undefined, event: ElementEvent | undefined, message: string): false {
    this.errorsSubject.next({ message, time: this.time, element: id, event });
    return false;
  }

  private accept(id: string, event: ElementEvent, seq: number, sub: number): boolean {
    const el = this.sys.elements.get(id);
    const what = `element '${id}': ${event.type}`;
    if (!el) return this.reject(id, event, `${what} rejected: the network has no element '${id}'`);
    if (this.disposed || FINAL.has(this.status)) return this.reject(id, event, `${what} rejected: the simulation is ${this.disposed ? 'disposed' : this.status}`);
    if (event.type === 'REMOVE') {
      return this.reject(id, event, `${what} rejected: removing elements (and other topology changes) while running is not yet supported`);
    }
    const actor = this.actorOf(id);
    const snapshot = actor.getSnapshot();
    if (!snapshot.can(event)) return this.reject(id, event, `${what} rejected: the element is ${elementStatus(snapshot)}`);
    let param: string | undefined;
    if (event.type === 'SET_PARAM') {
      const check = checkParam(el.group.model, event.name, event.value);
      if (!check.ok) return this.reject(id, event, `${what} rejected: ${check.message}`);
      param = check.name;
    }
    actor.send(event);
    this.queue.push({ seq, sub, element: id, event, param });
    return true;
  }

  /** Applies the queued events in their deterministic order (a window boundary). */
  private applyQueue(): void {
    if (this.queue.length === 0) return;
    const queue = this.queue.sort(eventOrder);
    this.queue = [];
    const time = this.time;
    let changed = false;
    for (const q of queue) {
      if (q.event.type === 'SET_PARAM') {
        const { group, i } = this.sys.elements.get(q.element)!;
        group.p[q.param!][i] = q.event.value;
        changed = true;
      }
      // FAULT / CLEAR_FAULT have no kernel effect yet: the element actor records the fault.
      this.appliedSubject.next({ seq: q.seq, element: q.element, event: q.event, time });
    }
    // The integrator's history describes the circuit before the change.
    if (changed) this.tran?.discontinuity();
  }

  // ---- signals ---------------------------------------------------------------------------------

  /** Chunks of any output variable (`v(node)`, `v(a,b)`, `i(v1)`, `x(m1)`, `x(m1.w)`). */
  signal$(probe: string): Observable<SignalChunk> {
    const key = probe.replace(/\s+/g, '').toLowerCase();
    const channel = this.channel(key, () => {
      const read = resolveProbe(this.kernel, probe);
      return () => read(this.kernel);
    });
    return channel.observable;
  }

  /** @internal An element's signal: `v`, `i` or one of its states; materialises its actor on subscription. */
  elementSignal$(id: string, name: string): Observable<SignalChunk> {
    const { group, i } = this.sys.elements.get(id)!;
    const channel = this.channel(`${id}:${name.toLowerCase()}`, () => this.elementReader(id, group, i, name.toLowerCase()));
    return defer(() => {
      if (!this.disposed) this.actorOf(id);
      return channel.observable;
    });
  }

  private elementReader(id: string, group: ModelGroup, i: number, name: string): SignalReader {
    const model = group.model;
    const kernel = this.kernel;
    const states = Object.keys(model.states ?? {});
    if (name === 'v') {
      if (model.terminals.length !== 2) {
        throw new CircuitError(`element '${id}': v is defined for two-terminal elements; '${model.id}' has ${model.terminals.length} terminals; use signal$('v(node)')`);
      }
      const a = group.idx[i];
      const b = group.idx[group.n + i];
      return () => (a >= 0 ? kernel.y[a] : 0) - (b >= 0 ? kernel.y[b] : 0);
    }
    if (name === 'i') {
      const read = resolveProbe(kernel, `i(${id})`);
      return () => read(kernel);
    }
    if (states.includes(name)) {
      const read = resolveProbe(kernel, `x(${id}.${name})`);
      return () => read(kernel);
    }
    throw new CircuitError(`element '${id}' (${model.id}) has no signal '${name}'; its signals are ${['v', 'i', ...states].join(', ')}`);
  }

  private channel(key: string, reader: () => SignalReader): SignalChannel {
    let channel = this.channels.get(key);
    if (!channel) {
      channel = new SignalChannel(key, reader(), (ch, active) => {
        this.active = active ? [...this.active, ch] : this.active.filter((c) => c !== ch);
      });
      if (this.disposed || FINAL.has(this.status)) channel.complete();
      this.channels.set(key, channel);
    }
    return channel;
  }

  private onPoint(t: number): void {
    const active = this.active;
    if (active.length === 0) return;
    const start = this.spec.tstart ?? 0;
    if (t < start) return;
    this.times.push(t);
    for (let c = 0; c < active.length; c++) active[c].buffer.push(active[c].read());
  }

  private flush(): void {
    const n = this.times.length;
    if (n === 0) return;
    const s = this.stats_;
    s.recordedPoints += n;
    if (n > s.maxWindowPoints) s.maxWindowPoints = n;
    if (n > s.maxBuffered) s.maxBuffered = n;
    const t = this.times.take();
    for (const channel of this.active) channel.flush(t);
  }

  private closeStreams(): void {
    this.times.reset();
    for (const channel of this.channels.values()) channel.complete();
    this.active = [];
  }

  // ---- driver ----------------------------------------------------------------------------------

  /** One window: advance the kernel, publish the chunks, apply the queued events. */
  private step(): void {
    try {
      if (!this.tran) {
        this.applyQueue();
        this.tran = startTransient(this.kernel, this.spec, { onPoint: (t) => this.onPoint(t) });
      }
      const done = this.tran.advance(++this.windows * this.window);
      this.stats_.windows = this.windows;
      this.flush();
      this.applyQueue();
      if (done) this.lifecycle.send({ type: 'FINISHED' });
    } catch (err) {
      this.flush();
      // A faulting plugin model ends the run here; everything recorded so far was just flushed.
      const named = nameFault(systemIds(this.sys), err);
      const message = named ? named.message : err instanceof Error ? err.message : String(err);
      this.errorsSubject.next({ message, time: this.time });
      this.lifecycle.send({ type: 'FAIL', message });
    }
  }

  private onStatus(status: SimulationStatus): void {
    if (status === this.lastStatus) return;
    this.lastStatus = status;
    for (const actor of this.actors.values()) actor.send({ type: 'SIM', status });
    if (FINAL.has(status)) this.closeStreams();
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** An addressable element. Creating one materialises nothing; sending or subscribing does. */
export class ElementHandle {
  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    readonly model: DeviceModel,
  ) {}

  /** Sends an event (applied to the kernel at the next window end); false if rejected (see errors$). */
  send(event: ElementEvent): boolean {
    return this.sim.send(this.id, event);
  }
  /** `v` (two-terminal: v(p) − v(n)), `i` (into the first terminal) or a state's name. */
  signal$(name: string): Observable<SignalChunk> {
    return this.sim.elementSignal$(this.id, name);
  }
  /** The element's lifecycle snapshots (materialises its actor). */
  get snapshot$(): Observable<ElementSnapshot> {
    return this.sim.snapshots$(this.id);
  }
  /** Lifecycle status; does not materialise the actor. */
  get status(): ElementStatus {
    return this.sim.statusOf(this.id);
  }
  get materialised(): boolean {
    return this.sim.isMaterialised(this.id);
  }
  /** The element's xstate actor (materialises it). */
  actor(): ElementActor {
    return this.sim.actorOf(this.id);
  }
  /** Current kernel value of a parameter (after the events applied so far). */
  param(name: string): number {
    const { group, i } = this.sim.sys.elements.get(this.id)!;
    const values = group.p[name.toLowerCase()];
    if (!values) throw new CircuitError(`element '${this.id}' (${this.model.id}) has no parameter '${name}'`);
    return values[i];
  }
}
