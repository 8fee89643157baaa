/**
 * Supervises the engine process: starts it, notices when it exits, tells the windows and starts a new
 * one — unless it crashed too often in a short time (then it stops trying and says so). The process
 * factory is injected, so the logic is tested without Electron.
 */
export interface EngineProcess {
  /** Hands a MessagePort (one end of a channel) to the engine. */
  connect(port: unknown): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface SupervisorOptions {
  readonly spawn: () => EngineProcess;
  /** Called on every unexpected exit with whether a restart follows. */
  readonly onCrash: (reason: string, restarting: boolean) => void;
  /** Called after a restart, so the windows can reconnect. */
  readonly onRestart?: () => void;
  readonly now?: () => number;
  /** At most this many restarts within `periodMs`. */
  readonly maxRestarts?: number;
  readonly periodMs?: number;
}

export class EngineSupervisor {
  private proc?: EngineProcess;
  private restarts: number[] = [];
  private stopping = false;
  private generation = 0;

  constructor(private readonly options: SupervisorOptions) {}

  get running(): boolean {
    return this.proc !== undefined;
  }

  /** Starts the engine if it is not running; returns it. */
  ensure(): EngineProcess {
    if (this.proc) return this.proc;
    const gen = ++this.generation;
    const proc = this.options.spawn();
    this.proc = proc;
    proc.onExit((code) => this.exited(gen, code));
    return proc;
  }

  connect(port: unknown): void {
    this.ensure().connect(port);
  }

  /** Stops the engine for good (app quit). */
  shutdown(): void {
    this.stopping = true;
    this.proc?.kill();
    this.proc = undefined;
  }

  private exited(gen: number, code: number): void {
    if (gen !== this.generation) return;
    this.proc = undefined;
    if (this.stopping) return;
    const now = (this.options.now ?? Date.now)();
    const period = this.options.periodMs ?? 60_000;
    this.restarts = this.restarts.filter((t) => now - t < period);
    const restarting = this.restarts.length < (this.options.maxRestarts ?? 3);
    const reason = `the engine process exited with code ${code}`;
    this.options.onCrash(restarting ? reason : `${reason}; it crashed ${this.restarts.length + 1} times within ${period / 1000} s, so it is not restarted (reopen the window to try again)`, restarting);
    if (!restarting) return;
    this.restarts.push(now);
    this.ensure();
    this.options.onRestart?.();
  }
}
