/**
 * The UI's handle on the engine: a comlink remote that survives engine crashes. It remembers the last
 * snapshot, the installed plugins and the signal subscriptions; when the engine dies it reports it,
 * connects to the new engine, reinstalls the plugins and restores the snapshot.
 */
import * as Comlink from 'comlink';
import type { EngineCore } from '../engine/engine.js';
import type { Frame, LoadInfo, PluginFiles, SignalChunkData, Snapshot } from '../shared/engine-api.js';
import type { Host } from './host/host.js';

export type Remote = Comlink.Remote<EngineCore>;

export interface ClientEvents {
  frame(frame: Frame): void;
  /** The engine died (message as shown to the user). */
  crashed(message: string): void;
  /** A new engine is up; `restored` is the session rebuilt from the last snapshot, if any. */
  recovered(restored: LoadInfo | undefined): void;
}

export class EngineClient {
  remote!: Remote;
  lastSnapshot?: Snapshot;
  private readonly plugins: PluginFiles[] = [];
  private readonly events: ClientEvents;

  constructor(
    private readonly host: Host,
    events: ClientEvents,
  ) {
    this.events = events;
    host.onEngineExit((reason, restarting) => void this.onExit(reason, restarting));
  }

  async connect(): Promise<void> {
    const endpoint = await this.host.connectEngine();
    this.remote = Comlink.wrap<EngineCore>(endpoint);
    await this.remote.onFrame(Comlink.proxy((f: Frame) => this.events.frame(f)));
  }

  async snapshot(): Promise<Snapshot> {
    this.lastSnapshot = await this.remote.snapshot();
    return this.lastSnapshot;
  }

  async installPlugin(files: PluginFiles) {
    const r = await this.remote.installPlugin(files);
    if (r.ok) this.plugins.push(files);
    return r;
  }

  subscribe(probe: string, callback: (chunk: SignalChunkData) => void) {
    return this.remote.subscribe(probe, Comlink.proxy(callback));
  }

  private async onExit(reason: string, restarting: boolean): Promise<void> {
    this.events.crashed(restarting ? `${reason}; restarting the engine${this.lastSnapshot ? ' and restoring the last snapshot' : ''}` : reason);
    if (!restarting) return;
    await this.connect();
    for (const files of this.plugins) await this.remote.installPlugin(files);
    let restored: LoadInfo | undefined;
    if (this.lastSnapshot) {
      const r = await this.remote.restore(this.lastSnapshot);
      if (r.ok) restored = r.value;
      else this.events.crashed(r.message);
    }
    this.events.recovered(restored);
  }
}
