/** Session controls (run, pause, resume, stop, snapshot, restore) with progress and time readouts. */
import type { EngineStatus, Snapshot } from '../../shared/engine-api.js';
import type { App } from '../app.js';
import { h } from '../dom.js';
import { fmt } from './live-plot.js';

export class ControlsView {
  private readonly buttons: Record<string, HTMLButtonElement> = {};
  private readonly bar: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly state: HTMLElement;
  status: EngineStatus = { status: 'empty', time: 0, tstop: 0, windows: 0, realTime: 0, errors: [] };

  constructor(
    parent: HTMLElement,
    private readonly app: App,
  ) {
    parent.append(h('span', { class: 'brand' }, 'memflow'));
    for (const [key, label, run] of [
      ['run', 'Run', () => this.run()],
      ['pause', 'Pause', () => this.pause()],
      ['resume', 'Resume', () => this.run()],
      ['stop', 'Stop', () => this.stop()],
      ['snapshot', 'Snapshot', () => this.snapshot()],
      ['restore', 'Restore', () => this.restore()],
      ['save', 'Save session', () => this.app.saveSession()],
    ] as const) {
      const b = h('button', { 'data-testid': `btn-${key}`, onclick: () => void run() }, label);
      if (key === 'run') b.classList.add('primary');
      this.buttons[key] = b;
      parent.append(b);
    }
    this.bar = h('div');
    this.state = h('span', { class: 'readout', 'data-testid': 'status' }, 'no network');
    this.readout = h('span', { class: 'readout', 'data-testid': 'readout' });
    parent.append(h('div', { class: 'progress', 'data-testid': 'progress' }, this.bar), this.state, this.readout);
    this.update(this.status);
  }

  private get remote() {
    return this.app.client.remote;
  }

  async run(): Promise<void> {
    this.update(await this.remote.start());
  }
  async pause(): Promise<void> {
    this.update(await this.remote.pause());
    // Every pause is a restore point (and what a crash falls back to).
    await this.app.client.snapshot();
    this.enable();
  }
  async stop(): Promise<void> {
    this.update(await this.remote.stop());
  }
  async snapshot(): Promise<Snapshot> {
    const s = await this.app.client.snapshot();
    this.app.errors.notice(`snapshot taken at t = ${fmt(this.status.time)} s (window ${s.windows}, ${s.events.length} parameter edit${s.events.length === 1 ? '' : 's'})`);
    this.enable();
    return s;
  }
  async restore(): Promise<void> {
    const snap = this.app.client.lastSnapshot;
    if (!snap) return this.app.errors.error('error: no snapshot to restore: take one first');
    const keep = snap;
    const ok = await this.app.loadResult(this.remote.restore(snap));
    this.app.client.lastSnapshot = keep;
    if (ok) this.app.errors.notice(`restored the snapshot of window ${snap.windows}; press Resume to continue`);
  }

  update(s: EngineStatus): void {
    this.status = s;
    const frac = s.tstop > 0 ? Math.min(1, s.time / s.tstop) : 0;
    this.bar.style.width = `${(100 * frac).toFixed(1)}%`;
    this.state.textContent = s.status === 'empty' ? 'no network' : s.status;
    this.state.dataset.status = s.status;
    this.readout.textContent = s.status === 'empty' ? '' : `t = ${fmt(s.time)} / ${fmt(s.tstop)} s · real ${s.realTime.toFixed(2)} s · ${s.windows} windows`;
    this.readout.dataset.time = String(s.time);
    this.enable();
  }

  private enable(): void {
    const st = this.status.status;
    const b = this.buttons;
    b.run.disabled = st !== 'created';
    b.pause.disabled = st !== 'running';
    b.resume.disabled = st !== 'paused';
    b.stop.disabled = st !== 'running' && st !== 'paused';
    b.snapshot.disabled = st === 'empty';
    b.restore.disabled = !this.app.client?.lastSnapshot;
    b.save.disabled = st === 'empty';
  }
}
