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
 *
 * Kernel effects (applied in that order, one event after the other): SET_PARAM writes the parameter
 * (the integrator restarts as after a source corner); PULSE runs the element's device alone in a
 * programming circuit from its current states and writes back the states it ends in; FAULT takes the
 * element out of the circuit (an open circuit: a 1/gmin leak in its place, see topology.ts; its states
 * are parked) and CLEAR_FAULT puts it back with them; REMOVE deletes it; ADD_ELEMENT and CONNECT add an element or move one of its terminals.
 * Structural changes re-compile the circuit once per boundary and the run continues from every
 * surviving unknown, carried over by name (restructure.ts); a change of states only restarts the
 * integrator on the same system. Then rules see the window (rules/protocol.ts): at each window end
 * (a) chunks are published, (b) device events go to the element actors and `deviceEvents$`, (c) each
 * rule gets `WINDOW` (its commands join the queue), (d) the queue is applied.
 */
import type { DeviceModel } from '@memflow/plugin-sdk';
import { defer, Observable, Subject, type Subscriber } from 'rxjs';
import { createActor, type Actor, type AnyActorRef, type AnyStateMachine } from 'xstate';
import type { Network } from '../network/types.js';
import { CircuitError } from '../solver/errors.js';
import { nameFault, networkIds, systemIds } from '../solver/fault.js';
import { Kernel } from '../solver/kernel.js';
import { resolveOptions } from '../solver/options.js';
import { resolveProbe } from '../solver/probes.js';
import { compileSystem, UnknownKind, type CircuitSystem, type DeviceLookup, type ModelGroup } from '../solver/system.js';
import { continueTransient, resumeTransient, startTransient, type TransientHooks, type TransientRun, type TransientSpec } from '../solver/transient.js';
import { DeviceEventDetector, type DeviceEvent, type DeviceWatch } from './device-events.js';
import { applyEvents } from './effects.js';
import { checkPulse } from './programming.js';
import { Recorder, type ChunkSink } from './recorder.js';
import { carryOver, valuesByLabel } from './restructure.js';
import { RUNTIME_SNAPSHOT_FORMAT, type RuntimeSnapshot } from './snapshot.js';
import type { CommandEvent, NetworkCommand, WindowEvent } from './rules/protocol.js';
import { OPEN, Topology } from './topology.js';
import {
  elementMachine,
  elementStatus,
  impliedElementStatus,
  simulationMachine,
  type ElementEvent,
  type ElementSnapshot,
  type ElementStatus,
  type NetworkEvent,
  type SimulationStatus,
} from './machines.js';
import { checkParam } from './params.js';
import { SignalChannel, WindowBuffer, type SignalChunk, type SignalReader } from './signals.js';
import { outputKey } from '../network/outputs.js';

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
  readonly event?: ElementEvent | NetworkEvent;
}

/** A re-compilation of the circuit at a window end. */
export interface Restructured {
  readonly time: number;
  /** Unknowns by label just before the change and as the continuation starts (carried or new). */
  readonly before: ReadonlyMap<string, number>;
  readonly after: ReadonlyMap<string, number>;
  /** Labels of the new circuit that were not carried over (new nets, branches and states). */
  readonly fresh: readonly string[];
  /** Whether the system was re-compiled (false: only states changed, e.g. a PULSE). */
  readonly recompiled: boolean;
}

/** An element or network event as applied at a window end. */
export interface AppliedEvent {
  readonly seq: number;
  readonly element: string;
  readonly event: ElementEvent | NetworkEvent;
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
  readonly event: ElementEvent | NetworkEvent;
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

export interface RecordOptions {
  /** Chunks the sink may hold unfinished before `run()` waits for it (default 4). */
  readonly maxPending?: number;
}

interface RuleEntry {
  readonly id: string;
  readonly actor: AnyActorRef;
}

export class Simulation {
  readonly spec: TransientSpec;
  readonly window: number;
  /** The simulation's lifecycle actor (created → running ⇄ paused → done | faulted). */
  readonly lifecycle: Actor<typeof simulationMachine>;
  /** Rejected events and kernel failures; the simulation continues after a rejected event. */
  readonly errors$: Observable<RuntimeError>;
  /** Element and network events as they are applied at window ends. */
  readonly applied$: Observable<AppliedEvent>;
  /** Device events (watched states crossing their levels), at the end of the window they happened in. */
  readonly deviceEvents$: Observable<DeviceEvent>;
  /** Every re-compilation or restart of the circuit at a window end. */
  readonly restructured$: Observable<Restructured>;

  private sys_: CircuitSystem;
  private kernel_: Kernel;
  private readonly lookup: DeviceLookup;
  /** The network's `.options`, for the programming circuit of PULSE. */
  private readonly solverOptions?: Readonly<Record<string, number>>;
  private readonly topology: Topology;
  private readonly detector = new DeviceEventDetector();
  /** Unknowns of faulted elements (by label), restored by CLEAR_FAULT. */
  private readonly parked = new Map<string, Map<string, number>>();
  private readonly errorsSubject = new Subject<RuntimeError>();
  private readonly appliedSubject = new Subject<AppliedEvent>();
  private readonly deviceSubject = new Subject<DeviceEvent>();
  private readonly restructuredSubject = new Subject<Restructured>();
  private readonly actors = new Map<string, ElementActor>();
  /** Actors with snapshot$ subscribers (they get status changes at once), with their subscriber counts. */
  private readonly observed = new Map<ElementActor, number>();
  private readonly channels = new Map<string, SignalChannel>();
  /** How each channel's reader is made, to rebind it after a re-compilation. */
  private readonly readers = new Map<string, () => SignalReader>();
  private readonly rules: RuleEntry[] = [];
  private readonly recorders = new Set<Recorder>();
  private probes = new Map<string, (k: Kernel) => number>();
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
  private stats_ = { windows: 0, recordedPoints: 0, maxWindowPoints: 0, maxBuffered: 0, restructures: 0 };
  private readonly hooks: TransientHooks = { onPoint: (t) => this.onPoint(t) };

  constructor(network: Network, lookup: DeviceLookup, options: SimulationOptions, from?: RuntimeSnapshot) {
    const spec = options.analysis ?? (network.analyses?.find((a) => a.type === 'tran') as TransientSpec | undefined);
    if (!spec) throw new CircuitError('a live simulation needs a transient analysis: add .tran or pass options.analysis');
    if (!(spec.tstop > 0) || !(spec.tstep > 0)) throw new CircuitError(`.tran needs a positive step and stop time, got ${spec.tstep} and ${spec.tstop}`);
    if (!(options.window > 0) || !Number.isFinite(options.window)) throw new CircuitError(`the window must be a positive number of seconds, got ${options.window}`);
    this.spec = spec;
    this.window = options.window;
    this.solverOptions = network.options;
    this.lookup = lookup;
    this.topology = new Topology(network, lookup);
    try {
      this.sys_ = compileSystem(this.topology.compiled(), this.lookup);
    } catch (err) {
      throw nameFault(networkIds(network, lookup), err) ?? err;
    }
    this.kernel_ = new Kernel(this.sys_, resolveOptions(network.options));
    this.errors$ = this.errorsSubject.asObservable();
    this.applied$ = this.appliedSubject.asObservable();
    this.deviceEvents$ = this.deviceSubject.asObservable();
    this.restructured$ = this.restructuredSubject.asObservable();
    this.lifecycle = createActor(simulationMachine);
    this.lifecycle.subscribe((snapshot) => this.onStatus(snapshot.value as SimulationStatus));
    this.lifecycle.start();
    if (from) this.restoreFrom(from);
  }

  /** The compiled circuit (replaced when the structure changes). */
  get sys(): CircuitSystem {
    return this.sys_;
  }
  /** The kernel (replaced when the structure changes). */
  get kernel(): Kernel {
    return this.kernel_;
  }
  /** The whole network as it stands (elements added, removed and rewired so far; faulted ones included). */
  network(): Network {
    return this.topology.network();
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  get status(): SimulationStatus {
    return this.lifecycle.getSnapshot().value as SimulationStatus;
  }
  /** Simulated time reached (the end of the last window). */
  get time(): number {
    return this.tran?.time ?? 0;
  }
  get stats(): RuntimeStats & { restructures: number } {
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

  /**
   * Runs whole windows synchronously while running, until the time reaches `t` (starts if created).
   * Synchronous: recorders' flow control cannot make it wait (use `run()` for that).
   */
  runUntil(t: number): SimulationStatus {
    if (this.status === 'created') this.start();
    while (this.status === 'running' && this.time < t) this.step();
    return this.status;
  }

  /**
   * Like `runUntil`, but waits for saturated recorders before each window (flow control): memory stays
   * bounded by the recorders' `maxPending` however far `t` is. Does not wait while paused (returns).
   */
  async runTo(t: number): Promise<SimulationStatus> {
    if (this.status === 'created') this.start();
    while (this.status === 'running' && this.time < t) {
      for (const r of this.recorders) if (r.saturated) await r.ready();
      if (this.status === 'running') this.step();
    }
    return this.status;
  }

  /**
   * Runs to the end cooperatively, yielding to the event loop between windows; waits while paused and
   * while a recorder is saturated (flow control). Resolves with the final status (done after the stop
   * time or STOP, faulted on a kernel failure) once the recorders have finished with every chunk.
   */
  run(): Promise<SimulationStatus> {
    if (this.status === 'created') this.start();
    this.running ??= (async () => {
      try {
        while (!FINAL.has(this.status)) {
          if (this.status === 'running') {
            // Yield first, so run() never blocks its caller and pause/stop/events get a turn.
            await yieldToEventLoop();
            for (const r of this.recorders) if (r.saturated) await r.ready();
            if (this.status === 'running') this.step();
          } else {
            await new Promise<void>((resolve) => this.waiters.push(resolve));
          }
        }
        await Promise.all([...this.recorders].map((r) => r.drained()));
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
    this.observed.clear();
    for (const rule of this.rules) rule.actor.stop();
    for (const r of this.recorders) r.stop();
    this.recorders.clear();
    this.errorsSubject.complete();
    this.appliedSubject.complete();
    this.deviceSubject.complete();
    this.restructuredSubject.complete();
    this.lifecycle.stop();
    this.wake();
  }

  // ---- snapshots -------------------------------------------------------------------------------

  /** The simulation's complete state between windows (see snapshot.ts); subscribers are not part of it. */
  snapshot(): RuntimeSnapshot {
    if (this.disposed) throw new Error('simulation disposed: nothing to snapshot');
    const actors: Record<string, unknown> = {};
    for (const [id, actor] of this.actors) {
      this.sync(actor);
      actors[id] = actor.getPersistedSnapshot();
    }
    return {
      format: RUNTIME_SNAPSHOT_FORMAT,
      network: this.topology.network(),
      spec: this.spec,
      window: this.window,
      status: this.status,
      windows: this.windows,
      seq: this.seq,
      faulted: [...this.topology.faulted],
      parked: [...this.parked].map(([id, m]) => [id, [...m]] as const),
      removed: [...this.removedModels].map(([id, model]) => [id, model.id] as const),
      queue: this.queue.map((q) => ({ ...q })),
      actors,
      rules: this.rules.map((r) => [r.id, r.actor.getPersistedSnapshot()] as const),
      watches: [...this.detector.list()],
      watchSides: this.detector.sides(),
      stats: { ...this.stats_ },
      kernel: this.tran?.snapshot(),
    };
  }

  /**
   * A simulation continuing from `snapshot`, bit-identically. Rules hold code: pass each rule's machine
   * by the id it was added with (`rules`); their state comes from the snapshot.
   */
  static restore(snapshot: RuntimeSnapshot, lookup: DeviceLookup, options: { readonly rules?: Readonly<Record<string, AnyStateMachine>> } = {}): Simulation {
    if (snapshot?.format !== RUNTIME_SNAPSHOT_FORMAT) throw new CircuitError(`not a runtime snapshot (format '${String(snapshot?.format)}', expected '${RUNTIME_SNAPSHOT_FORMAT}')`);
    const sim = new Simulation(snapshot.network, lookup, { window: snapshot.window, analysis: snapshot.spec }, snapshot);
    for (const [id, persisted] of snapshot.rules) {
      const logic = options.rules?.[id];
      if (!logic) throw new CircuitError(`the snapshot has a rule '${id}': pass its machine in options.rules`);
      sim.addRule(id, logic, persisted);
    }
    return sim;
  }

  private restoreFrom(s: RuntimeSnapshot): void {
    for (const id of s.faulted) this.topology.faulted.add(id);
    for (const [id, entries] of s.parked) this.parked.set(id, new Map(entries));
    for (const [id, device] of s.removed) {
      const model = this.lookup(device);
      if (model) this.removedModels.set(id, model);
    }
    if (s.faulted.length > 0) {
      this.sys_ = compileSystem(this.topology.compiled(), this.lookup);
      this.kernel_ = new Kernel(this.sys_, this.kernel_.opts);
    }
    this.windows = s.windows;
    this.seq = s.seq;
    Object.assign(this.stats_, s.stats);
    this.queue = s.queue.map((q) => ({ ...q }));
    if (s.status !== 'created') this.lifecycle.send({ type: 'START' });
    if (s.status === 'paused') this.lifecycle.send({ type: 'PAUSE' });
    if (s.status === 'done') this.lifecycle.send({ type: 'STOP' });
    if (s.status === 'faulted') this.lifecycle.send({ type: 'FAIL', message: 'faulted before the snapshot' });
    for (const [id, persisted] of Object.entries(s.actors)) {
      const actor = createActor(elementMachine, { snapshot: persisted as never, input: { id, sim: this.status }, systemId: id });
      actor.start();
      this.actors.set(id, actor);
    }
    if (s.kernel) this.tran = resumeTransient(this.kernel_, s.kernel, this.hooks);
    this.detector.restore(s.watches, s.watchSides, this.kernel_);
  }

  // ---- elements --------------------------------------------------------------------------------

  /** The element `id` (case-insensitive), also once faulted or removed. Cheap: materialises nothing. */
  element(id: string): ElementHandle {
    const key = id.toLowerCase();
    const spec = this.topology.spec(key);
    const model = spec ? this.lookup(spec.device) : this.actors.has(key) ? this.removedModels.get(key) : undefined;
    if (!model) throw new CircuitError(`the network has no element '${id}'`);
    return new ElementHandle(this, key, model);
  }
  private readonly removedModels = new Map<string, DeviceModel>();

  /** Ids of the elements in the circuit (faulted ones excluded), in the kernel's order. */
  elementIds(): string[] {
    return [...this.circuitIds()];
  }

  private ids?: { sys: CircuitSystem; ids: readonly string[] };
  private circuitIds(): readonly string[] {
    if (this.ids?.sys !== this.sys_) this.ids = { sys: this.sys_, ids: [...this.sys_.elements.keys()].filter((id) => !id.includes(OPEN)) };
    return this.ids.ids;
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

  /** Sends a network-level event (ADD_ELEMENT, CONNECT); ordered with the element events by its element id. */
  sendNetwork(event: NetworkEvent): boolean {
    return this.acceptNetwork(event, this.seq++, 0);
  }

  /** Adds a rule actor (rules/protocol.ts); rules get WINDOW in the order they were added. */
  addRule(id: string, logic: AnyStateMachine, persisted?: unknown): AnyActorRef {
    if (this.rules.some((r) => r.id === id)) throw new CircuitError(`a rule '${id}' is already running`);
    const actor = createActor(logic, { systemId: `rule:${id}`, snapshot: persisted as never });
    actor.on('COMMAND', (e: CommandEvent) => this.command(e.command));
    actor.start();
    this.rules.push({ id, actor });
    return actor;
  }

  /** Rule actors by id. */
  rule(id: string): AnyActorRef | undefined {
    return this.rules.find((r) => r.id === id)?.actor;
  }

  /** Watches a state for a device event (a level crossing, a bound reached); see device-events.ts. */
  watch(watch: DeviceWatch): void {
    this.detector.add(watch, this.kernel_);
    this.actorOf(watch.element.toLowerCase());
  }

  /**
   * A recorder-style subscription: every chunk of `probe` (an output variable or `element:signal`) goes
   * to `sink`; a sink that returns a promise holds its chunk until it settles, and `run()` waits while
   * `maxPending` chunks are held. Stop it with `recorder.stop()`.
   */
  record(probe: string, sink: ChunkSink, options: RecordOptions = {}): Recorder {
    const colon = probe.indexOf(':');
    const signal$ = colon < 0 ? this.signal$(probe) : this.element(probe.slice(0, colon)).signal$(probe.slice(colon + 1));
    const recorder = new Recorder(signal$, sink, options.maxPending ?? 4);
    this.recorders.add(recorder);
    const stop = recorder.stop.bind(recorder);
    recorder.stop = () => {
      stop();
      this.recorders.delete(recorder);
    };
    return recorder;
  }

  /** @internal The element's actor, materialised on first use. */
  actorOf(id: string): ElementActor {
    let actor = this.actors.get(id);
    if (actor) this.sync(actor);
    else {
      if (this.disposed) throw new Error(`simulation disposed: cannot materialise element '${id}'`);
      actor = createActor(elementMachine, { input: { id, sim: this.status }, systemId: id });
      actor.start();
      if (this.topology.faulted.has(id)) actor.send({ type: 'FAULT', reason: 'faulted' });
      this.actors.set(id, actor);
    }
    return actor;
  }

  /** A fresh actor for `id` (after structural events on it were undone). */
  private resetActor(id: string): void {
    this.actors.get(id)?.stop();
    this.actors.delete(id);
    this.removedModels.delete(id);
    if (this.topology.has(id)) this.actorOf(id);
  }

  /** @internal Status without materialising: a dormant element follows the simulation. */
  statusOf(id: string): ElementStatus {
    const actor = this.actors.get(id);
    if (actor) this.sync(actor);
    return actor ? elementStatus(actor.getSnapshot()) : impliedElementStatus(this.status);
  }

  /**
   * Brings an actor's copy of the simulation's status up to date. Status changes are sent at once only
   * to actors someone observes (snapshot$); the others catch up when next used, so a change of status
   * costs nothing per dormant-but-materialised element.
   */
  private sync(actor: ElementActor): void {
    const snap = actor.getSnapshot();
    if (snap.status === 'active' && snap.context.sim !== this.status) actor.send({ type: 'SIM', status: this.status });
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
      this.observed.set(actor, (this.observed.get(actor) ?? 0) + 1);
      const sub = actor.subscribe({ next: (s) => subscriber.next(s), error: (e) => subscriber.error(e), complete: () => subscriber.complete() });
      subscriber.next(actor.getSnapshot());
      return () => {
        sub.unsubscribe();
        this.snapshotSubscribers.delete(subscriber);
        const n = (this.observed.get(actor) ?? 1) - 1;
        if (n > 0) this.observed.set(actor, n);
        else this.observed.delete(actor);
      };
    });
  }

  private reject(id: string | undefined, event: ElementEvent | NetworkEvent | undefined, message: string): false {
    this.errorsSubject.next({ message, time: this.time, element: id, event });
    return false;
  }

  private closed(): string | undefined {
    return this.disposed ? 'disposed' : FINAL.has(this.status) ? this.status : undefined;
  }

  private accept(id: string, event: ElementEvent, seq: number, sub: number): boolean {
    const spec = this.topology.spec(id);
    const what = `element '${id}': ${event.type}`;
    if (!spec) return this.reject(id, event, `${what} rejected: the network has no element '${id}'`);
    const closed = this.closed();
    if (closed) return this.reject(id, event, `${what} rejected: the simulation is ${closed}`);
    const model = this.lookup(spec.device)!;
    const actor = this.actorOf(id);
    const snapshot = actor.getSnapshot();
    if (!snapshot.can(event)) return this.reject(id, event, `${what} rejected: the element is ${elementStatus(snapshot)}`);
    let param: string | undefined;
    if (event.type === 'SET_PARAM') {
      const check = checkParam(model, event.name, event.value);
      if (!check.ok) return this.reject(id, event, `${what} rejected: ${check.message}`);
      param = check.name;
    }
    if (event.type === 'PULSE') {
      const bad = checkPulse(model, event);
      if (bad) return this.reject(id, event, `${what} rejected: ${bad}`);
    }
    actor.send(event);
    this.queue.push({ seq, sub, element: id, event, param });
    return true;
  }

  private acceptNetwork(event: NetworkEvent, seq: number, sub: number): boolean {
    const closed = this.closed();
    const id = (event.type === 'ADD_ELEMENT' ? event.element.id : event.element)?.toLowerCase?.() ?? '';
    const what = `${event.type} '${id}'`;
    if (closed) return this.reject(id, event, `${what} rejected: the simulation is ${closed}`);
    if (event.type === 'ADD_ELEMENT') {
      const bad = this.topology.checkAdd(event.element) ?? (this.queue.some((q) => q.event.type === 'ADD_ELEMENT' && q.element === id) ? `element '${id}' is already being added` : undefined);
      if (bad) return this.reject(id, event, `${what} rejected: ${bad}`);
    } else {
      const k = this.topology.terminalIndex(id, event.terminal);
      if (typeof k === 'string') return this.reject(id, event, `${what} rejected: ${k}`);
      if (typeof event.net !== 'string' || event.net.length === 0) return this.reject(id, event, `${what} rejected: give the net to connect to`);
    }
    this.queue.push({ seq, sub, element: id, event });
    return true;
  }

  private command(command: NetworkCommand): void {
    if (command.kind === 'send') this.send(command.element, command.event);
    else if (command.kind === 'add') this.sendNetwork({ type: 'ADD_ELEMENT', element: command.spec });
    else this.sendNetwork({ type: 'CONNECT', element: command.element, terminal: command.terminal, net: command.net });
  }

  /** Applies the queued events in their deterministic order (a window boundary). */
  private applyQueue(): void {
    if (this.queue.length === 0) return;
    const queue = this.queue.sort(eventOrder);
    this.queue = [];
    const time = this.time;
    const saved = { topology: this.topology.save(), parked: new Map(this.parked), removed: new Map(this.removedModels) };
    const before = valuesByLabel(this.sys_, this.kernel_.y);
    const effects = applyEvents(queue, {
      sys: this.sys_,
      topology: this.topology,
      parked: this.parked,
      removedModels: this.removedModels,
      lookup: this.lookup,
      pulse: { lookup: this.lookup, solver: this.solverOptions },
      before,
      reject: (element, event, message) => this.reject(element, event, message),
    });
    const applied = effects.applied.map((q) => ({ seq: q.seq, element: q.element, event: q.event, time }));
    let recompiled = false;
    if (effects.structural) {
      try {
        this.sys_ = compileSystem(this.topology.compiled(), this.lookup);
        this.kernel_ = new Kernel(this.sys_, this.kernel_.opts);
        recompiled = true;
      } catch (err) {
        // The new structure does not compile (e.g. a net left without a DC path to ground): the
        // structural events of this boundary are undone; the parameter and state changes stay.
        this.topology.restore(saved.topology);
        this.parked.clear();
        for (const [k, v] of saved.parked) this.parked.set(k, v);
        this.removedModels.clear();
        for (const [k, v] of saved.removed) this.removedModels.set(k, v);
        this.reject(undefined, undefined, `the structural changes at t = ${time} were not applied: ${err instanceof Error ? err.message : String(err)}`);
        // Their elements' actors took the events on arrival: they start over, following the topology.
        for (const q of queue) if (['REMOVE', 'FAULT', 'CLEAR_FAULT'].includes(q.event.type)) this.resetActor(q.element);
      }
    }
    for (const a of applied) this.appliedSubject.next(a);
    this.restart(before, effects.overrides, effects.paramChanged, recompiled);
  }

  /** Continues the transient after the boundary's changes (see restructure.ts). */
  private restart(before: Map<string, number>, overrides: Map<string, number>, paramChanged: boolean, recompiled: boolean): void {
    if (!recompiled && overrides.size === 0) {
      // The integrator's history describes the circuit before the change.
      if (paramChanged) this.tran?.discontinuity();
      return;
    }
    const kernel = this.kernel_;
    const carried = new Map(before);
    for (const [l, v] of overrides) carried.set(l, v);
    const fresh = recompiled ? carryOver(kernel, carried) : (carryOver(kernel, overrides), []);
    if (!this.tran) {
      // Before the first window: the operating point holds the states at these values.
      for (let k = 0; k < kernel.sys.size; k++) if (kernel.sys.kind[k] === UnknownKind.State) kernel.held[k] = kernel.y[k];
    } else {
      const at = this.time;
      this.tran = continueTransient(kernel, this.spec, at, this.hooks);
    }
    this.stats_.restructures++;
    if (recompiled) this.rebind();
    this.restructuredSubject.next({ time: this.time, before, after: valuesByLabel(kernel.sys, kernel.y), fresh, recompiled });
  }

  /** Points every signal, probe and watch at the new kernel; signals whose unknown is gone complete. */
  private rebind(): void {
    this.probes = new Map();
    for (const [key, channel] of this.channels) {
      try {
        channel.read = this.readers.get(key)!();
      } catch {
        channel.complete();
        this.channels.delete(key);
        this.readers.delete(key);
        this.active = this.active.filter((c) => c !== channel);
      }
    }
    this.detector.rebind(this.kernel_);
  }

  // ---- signals ---------------------------------------------------------------------------------

  /** Chunks of any output variable (`v(node)`, `v(a,b)`, `i(v1)`, `x(m1)`, `x(m1.w)`). */
  signal$(probe: string): Observable<SignalChunk> {
    const key = outputKey(probe);
    const channel = this.channel(key, () => {
      const kernel = this.kernel_;
      const read = resolveProbe(kernel, probe);
      return () => read(kernel);
    });
    return channel.observable;
  }

  /**
   * @internal An element's signal: `v`, `i` or one of its states; materialises its actor on subscription.
   * While the element is faulted (out of the circuit) `i` reads 0, its states their parked values and
   * `v` the voltage between its nets.
   */
  elementSignal$(id: string, name: string): Observable<SignalChunk> {
    if (!this.topology.has(id)) throw new CircuitError(`element '${id}' is not in the network (removed): it has no signals`);
    const key = name.toLowerCase();
    const channel = this.channel(`${id}:${key}`, () => {
      const el = this.sys_.elements.get(id);
      return el ? this.elementReader(id, el.group, el.i, key) : this.faultedReader(id, key);
    });
    return defer(() => {
      if (!this.disposed) this.actorOf(id);
      return channel.observable;
    });
  }

  private faultedReader(id: string, name: string): SignalReader {
    const spec = this.topology.spec(id)!;
    const model = this.lookup(spec.device)!;
    if (name === 'i') return () => 0;
    const parked = this.parked.get(id);
    const state = parked?.get(`x(${id}.${name})`);
    if (state !== undefined) return () => state;
    if (name === 'v' && model.terminals.length === 2) {
      const kernel = this.kernel_;
      const node = (net: string) => (net === '0' || net === 'gnd' ? -1 : (kernel.sys.nodeIndex.get(net) ?? -2));
      const [a, b] = spec.nodes.map(node);
      if (a === -2 || b === -2) return () => NaN; // a net that nothing else holds
      return () => (a >= 0 ? kernel.y[a] : 0) - (b >= 0 ? kernel.y[b] : 0);
    }
    throw new CircuitError(`element '${id}' (${model.id}) has no signal '${name}'; its signals are ${['v', 'i', ...Object.keys(model.states ?? {})].join(', ')}`);
  }

  private elementReader(id: string, group: ModelGroup, i: number, name: string): SignalReader {
    const model = group.model;
    const kernel = this.kernel_;
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
      this.readers.set(key, reader);
    }
    return channel;
  }

  /** A value at the current time, for rules: NaN if the probe names nothing in the circuit. */
  private read(probe: string): number {
    let p = this.probes.get(probe);
    if (!p) {
      try {
        p = resolveProbe(this.kernel_, outputKey(probe));
      } catch {
        p = () => NaN;
      }
      this.probes.set(probe, p);
    }
    return p(this.kernel_);
  }

  private onPoint(t: number): void {
    if (this.detector.count > 0) this.detector.check(t, this.kernel_.y);
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

  /** One window: advance the kernel, publish the chunks, hand out device events, run the rules, apply the queue. */
  private step(): void {
    try {
      if (!this.tran) {
        this.applyQueue();
        this.tran = startTransient(this.kernel_, this.spec, this.hooks);
      }
      const done = this.tran.advance(++this.windows * this.window);
      this.stats_.windows = this.windows;
      this.flush();
      this.boundary();
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

  private boundary(): void {
    const events = this.detector.count > 0 ? this.detector.take() : [];
    for (const e of events) {
      this.actorOf(e.element).send({ type: 'DEVICE', name: e.name, direction: e.direction, time: e.time });
      this.deviceSubject.next(e);
    }
    if (this.rules.length > 0) {
      const window: WindowEvent = { type: 'WINDOW', time: this.time, read: (p) => this.read(p), elements: this.circuitIds(), deviceEvents: events };
      for (const rule of this.rules) rule.actor.send(window);
    }
    this.applyQueue();
  }

  private onStatus(status: SimulationStatus): void {
    if (status === this.lastStatus) return;
    this.lastStatus = status;
    for (const actor of this.observed.keys()) this.sync(actor);
    if (FINAL.has(status)) this.closeStreams();
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/**
 * Lets pending events (pause, stop, sends, acknowledgements) run: setImmediate where there is one
 * (Node; no 1 ms timer clamp), else a zero-delay timer (browsers, Web Workers).
 */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  return new Promise<void>((resolve) => (g.setImmediate ? g.setImmediate(resolve) : globalThis.setTimeout(resolve, 0)));
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
    const el = this.sim.sys.elements.get(this.id);
    if (!el) throw new CircuitError(`element '${this.id}' is not in the circuit (removed or faulted)`);
    const values = el.group.p[name.toLowerCase()];
    if (!values) throw new CircuitError(`element '${this.id}' (${this.model.id}) has no parameter '${name}'`);
    return values[el.i];
  }
}
