/**
 * The desktop engine (exposed over comlink by worker.ts in a browser, utility.ts in Electron): loads
 * netlists or generated networks, runs them window by window and reports a frame (status, conductances)
 * after each window, takes parameter edits as runtime SET_PARAM events, snapshots and restores sessions,
 * runs experiments, and installs plugins. Every failure comes back as the CLI's message.
 */
import {
  DeviceRegistry,
  describeError,
  eqpropIrisConfig,
  eqpropXorConfig,
  generateNanowires,
  GenerateError,
  NetlistError,
  parseNetlist,
  parseNetworkJson,
  runEqProp,
  spiceToNetwork,
  type ElementSpec,
  type Network,
} from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';
import type {
  EngineStatus,
  EpochPoint,
  ExperimentInfo,
  Frame,
  LoadInfo,
  NanowireDialogOptions,
  ParamReply,
  PluginFiles,
  PluginInfo,
  Result,
  SignalChunkData,
  Snapshot,
} from '../shared/engine-api.js';
import { installPlugin, PluginError } from './plugins.js';
import { Session } from './session.js';

export const EXPERIMENTS: readonly ExperimentInfo[] = [
  { name: 'eqprop-xor', title: 'Equilibrium propagation: XOR on a memristive crossbar circuit' },
  { name: 'eqprop-iris', title: 'Equilibrium propagation: Iris (EBANA set-up)' },
];

/** Longest wait for the UI to acknowledge a frame before the next window runs. */
const FRAME_WAIT_MS = 250;

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(err: unknown): Result<T> => ({ ok: false, message: describeError(err, GenerateError, PluginError).message });

/** The nanowire network with a DC bias on e1 and e2 grounded, ready to run. */
export function biasedNanowire(o: NanowireDialogOptions, lookup = new DeviceRegistry(builtinDevices).lookup): Network {
  const gen = generateNanowires({ wires: o.wires, length: { mean: o.lengthMean, std: o.lengthStd }, size: { w: o.width, h: o.height }, seed: o.seed, lookup });
  const bias: ElementSpec = { id: 'vbias', device: 'vsource', nodes: ['e1', '0'], source: { dc: o.vbias } };
  const ground: ElementSpec = { id: 'vgnd', device: 'vsource', nodes: ['e2', '0'], source: { dc: 0 } };
  return {
    ...gen.network,
    elements: [...gen.network.elements, bias, ground],
    analyses: [{ type: 'tran', tstep: o.tstop / 500, tstop: o.tstop }],
  };
}

export class EngineCore {
  private registry = new DeviceRegistry(builtinDevices);
  private session?: Session;
  private frameListener?: (frame: Frame) => void;
  private running?: Promise<void>;
  private nextSub = 1;
  private readonly plugins: PluginInfo[] = [];
  /** Whether the UI is still receiving frames: the loop waits for each one to be delivered (back-pressure). */
  private pending?: Promise<unknown>;

  /** Where frames go (a comlink proxy in the UI). */
  onFrame(listener: (frame: Frame) => void): void {
    this.frameListener = listener;
  }

  loadNetlist(text: string, file: string): Result<LoadInfo> {
    try {
      const network = /\.json$/i.test(file) ? parseNetworkJson(text, file) : this.netlistNetwork(text, file);
      return this.loadNetwork(network);
    } catch (err) {
      return fail(err);
    }
  }

  private netlistNetwork(text: string, file: string): Network {
    const ast = parseNetlist(text, {
      file,
      readFile: (path) => {
        throw new NetlistError(`.include '${path}' cannot be read by the desktop app yet; paste the included cards into the netlist`, { file, line: 1, column: 1 });
      },
    });
    // Data-driven (table) models are fitted from a data file by the CLI's loader, which reads the disk.
    for (const def of ast.models.values()) {
      if (def.type === 'memristor' && def.params.level === 'table') {
        throw new NetlistError(`model '${def.name}': level=table fits a data file, which the desktop app cannot read yet; run it with the CLI (memflow run ${file.split('/').pop()})`, def.loc);
      }
    }
    return spiceToNetwork(ast, this.registry);
  }

  loadNetwork(network: Network, window?: number): Result<LoadInfo> {
    try {
      this.unload();
      this.session = new Session(network, this.registry.lookup, window);
      this.emit();
      return ok(this.session.info);
    } catch (err) {
      return fail(err);
    }
  }

  generate(options: NanowireDialogOptions): Result<LoadInfo> {
    try {
      return this.loadNetwork(biasedNanowire(options, this.registry.lookup));
    } catch (err) {
      return fail(err);
    }
  }

  /** Runs in the background, one window per turn of the event loop, until done, stopped or paused. */
  start(): EngineStatus {
    const s = this.need();
    if (s.status === 'created') s.sim.start();
    else if (s.status === 'paused') s.sim.resume();
    this.running ??= this.loop(s).finally(() => (this.running = undefined));
    return s.statusData();
  }
  pause(): EngineStatus {
    const s = this.need();
    if (s.status === 'running') s.sim.pause();
    this.emit();
    return s.statusData();
  }
  resume(): EngineStatus {
    return this.start();
  }
  stop(): EngineStatus {
    const s = this.need();
    if (s.status !== 'done' && s.status !== 'faulted') s.sim.stop();
    this.emit();
    return s.statusData();
  }
  /** The current frame (status and conductances), e.g. to colour a freshly shown graph. */
  frame(): Frame | undefined {
    const s = this.session;
    return s ? { ...s.statusData(), conductance: s.conductances() } : undefined;
  }

  status(): EngineStatus {
    return this.session?.statusData() ?? { status: 'empty', time: 0, tstop: 0, windows: 0, realTime: 0, errors: [] };
  }

  setParam(element: string, name: string, value: number): ParamReply {
    return this.need().setParam(element, name, value);
  }

  snapshot(): Snapshot {
    return this.need().snapshot();
  }

  /** Rebuilds the session from a snapshot (replaying its events) and leaves it paused. */
  restore(snapshot: Snapshot): Result<LoadInfo> {
    const loaded = this.loadNetwork(snapshot.network, snapshot.window);
    if (!loaded.ok) return loaded;
    try {
      const s = this.session!;
      s.replay(snapshot);
      if (s.status === 'running') s.sim.pause();
      this.emit();
      return loaded;
    } catch (err) {
      return fail(err);
    }
  }

  /** Subscribes to a signal; chunks are delivered from the next window on. Returns the id. */
  subscribe(probe: string, callback: (chunk: SignalChunkData) => void): Result<number> {
    try {
      const id = this.nextSub++;
      this.need().subscribe(id, probe, callback);
      return ok(id);
    } catch (err) {
      return fail(err);
    }
  }
  unsubscribe(id: number): boolean {
    return this.session?.unsubscribe(id) ?? false;
  }

  experiments(): readonly ExperimentInfo[] {
    return EXPERIMENTS;
  }

  /** Runs an EqProp experiment (synchronously in this worker), reporting each epoch. */
  runExperiment(name: string, options: { epochs?: number; seed?: number; irisCsv?: string }, onEpoch: (p: EpochPoint) => void): Result<EpochPoint[]> {
    try {
      const cfg =
        name === 'eqprop-xor'
          ? eqpropXorConfig(options)
          : name === 'eqprop-iris'
            ? eqpropIrisConfig(options.irisCsv ?? '', options)
            : undefined;
      if (!cfg) throw new GenerateError(`unknown experiment '${name}'; experiments are ${EXPERIMENTS.map((e) => e.name).join(', ')}`);
      const result = runEqProp(cfg, {
        lookup: this.registry.lookup,
        onEpoch: (s) => onEpoch({ epoch: s.epoch, loss: s.loss, trainAccuracy: s.trainAccuracy, testAccuracy: s.testAccuracy }),
      });
      return ok(result.epochs.map((s) => ({ epoch: s.epoch, loss: s.loss, trainAccuracy: s.trainAccuracy, testAccuracy: s.testAccuracy })));
    } catch (err) {
      return fail(err);
    }
  }

  async installPlugin(files: PluginFiles): Promise<Result<PluginInfo>> {
    try {
      const { info, devices } = await installPlugin(files, this.registry);
      for (const d of devices) this.registry.add(d);
      this.plugins.push(info);
      return ok(info);
    } catch (err) {
      return fail(err);
    }
  }

  installedPlugins(): readonly PluginInfo[] {
    return this.plugins;
  }

  /** Every registered device model (built-in and from plugins). */
  models(): { id: string; title: string; kind: string }[] {
    return this.registry.all().map((m) => ({ id: m.id, title: m.title, kind: m.kind }));
  }

  /** Fails the engine on purpose (an uncaught error in its thread), to exercise crash recovery. */
  crash(): void {
    setTimeout(() => {
      throw new Error('engine crash requested');
    }, 0);
  }

  unload(): void {
    this.session?.dispose();
    this.session = undefined;
  }

  private need(): Session {
    if (!this.session) throw new Error('no network loaded: open an example or a netlist first');
    return this.session;
  }

  private emit(): void {
    const s = this.session;
    if (!s || !this.frameListener) return;
    this.pending = Promise.resolve(this.frameListener(this.frame()!)).catch(() => undefined);
  }

  private async loop(s: Session): Promise<void> {
    while (this.session === s) {
      if (s.status === 'running') {
        s.step();
        this.emit();
        // Wait for the UI to take the frame (back-pressure while it draws), but never stall on a UI that
        // does not answer; then give pause/stop/setParam a turn.
        await Promise.race([this.pending, new Promise((r) => setTimeout(r, FRAME_WAIT_MS))]);
        await new Promise((r) => setTimeout(r, 0));
      } else if (s.status === 'paused') {
        await new Promise((r) => setTimeout(r, 20));
      } else return;
    }
  }
}
