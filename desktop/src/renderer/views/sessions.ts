/**
 * The Sessions view: open a session directory (`memflow session start … --dir DIR`) and watch it. It shows
 * the record and health, live metrics plots (uPlot, one per metric against the sample index), the checkpoint
 * list and the event log, and has Pause / Resume. Everything comes from the host's SessionsApi, polled
 * about once a second (no overlapping polls); the store is only read.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SessionOverview, SessionPoll, SessionsApi } from '../../shared/sessions-api.js';
import type { App } from '../app.js';
import { h } from '../dom.js';
import { fmt } from './live-plot.js';
import { SessionMetrics } from './session-metrics.js';

/** Poll intervals (ms): while a process runs the session, and otherwise (it may be resumed from a terminal). */
const POLL_RUNNING_MS = 750;
const POLL_IDLE_MS = 2500;

const PLOT_HEIGHT = 150;
const NO_SESSION = 'no session open: choose a directory made by `memflow session start SPEC --dir DIR`';
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

function bytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}

export class SessionsView {
  readonly pane: HTMLElement;
  /** The open directory, its latest overview and its metrics (read-only use by scripts and tests). */
  dir?: string;
  overview?: SessionOverview;
  metrics?: SessionMetrics;
  polls = 0;
  private token = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private plots = new Map<string, uPlot>();
  private drawPending = false;
  private readonly recentList: HTMLElement;
  private readonly els: Record<'error' | 'record' | 'plots' | 'checkpoints' | 'events' | 'title', HTMLElement>;
  private readonly pauseButton: HTMLButtonElement;
  private readonly resumeButton: HTMLButtonElement;

  constructor(
    tab: HTMLElement,
    centre: HTMLElement,
    private readonly app: App,
    private readonly api: SessionsApi | undefined,
  ) {
    // Left tab: how to open one, and the recent ones.
    tab.append(h('h3', {}, 'Session directories'));
    this.recentList = h('div', { 'data-testid': 'session-recent' });
    if (!api) {
      tab.append(h('p', { class: 'muted', 'data-testid': 'sessions-unavailable' }, 'Session directories are read from disk: open them in the desktop app (a browser page has no file system access).'));
    } else {
      const choose = app.host.openSessionDir;
      if (choose) tab.append(h('button', { class: 'primary', 'data-testid': 'open-session-dir', onclick: () => void choose().then((d) => (d ? this.open(d) : undefined)) }, 'Open session directory…'));
      else {
        const input = h('input', { 'data-testid': 'session-dir-input', placeholder: '/path/to/session' });
        const form = h('form', { class: 'session-open' }, input, h('button', { type: 'submit', 'data-testid': 'session-dir-open' }, 'Open'));
        form.addEventListener('submit', (e) => {
          e.preventDefault();
          if (input.value.trim()) void this.open(input.value.trim());
        });
        tab.append(form);
      }
      tab.append(h('h3', {}, 'Recent'), this.recentList);
      void this.refreshRecent();
    }

    // Centre: laid over the graph and plots while the Sessions tab is shown.
    this.els = {
      title: h('span', { class: 'title', 'data-testid': 'session-title' }, NO_SESSION),
      error: h('div', { class: 'session-error', 'data-testid': 'session-error', hidden: true }),
      record: h('dl', { class: 'session-record', 'data-testid': 'session-record' }),
      plots: h('div', { class: 'session-plots', 'data-testid': 'session-plots', 'data-rows': '0' }),
      checkpoints: h('tbody', {}),
      events: h('ol', { class: 'session-events', 'data-testid': 'session-events' }),
    };
    this.pauseButton = h('button', { 'data-testid': 'session-pause', disabled: true, onclick: () => void this.control('pause') }, 'Pause');
    this.resumeButton = h('button', { 'data-testid': 'session-resume', disabled: true, onclick: () => void this.control('resume') }, 'Resume');
    const table = h(
      'table',
      { class: 'session-table', 'data-testid': 'session-checkpoints' },
      h('thead', {}, h('tr', {}, ...['sample', 'sim time (s)', 'size', 'sha256', 'written'].map((t) => h('th', {}, t)))),
      this.els.checkpoints,
    );
    this.pane = h(
      'section',
      { class: 'sessions-pane', 'data-testid': 'sessions-pane', hidden: true },
      h('div', { class: 'panel-head' }, this.els.title, this.pauseButton, this.resumeButton),
      this.els.error,
      this.els.record,
      h('h3', {}, 'Metrics'),
      this.els.plots,
      h('div', { class: 'session-lists' }, h('div', {}, h('h3', {}, 'Checkpoints'), table), h('div', {}, h('h3', {}, 'Events'), this.els.events)),
    );
    centre.append(this.pane);
  }

  show(visible: boolean): void {
    this.pane.hidden = !visible;
    if (visible) this.resizePlots();
  }

  async refreshRecent(): Promise<void> {
    if (!this.api) return;
    const dirs = await this.api.recent();
    this.recentList.replaceChildren(...(dirs.length ? dirs.map((d) => h('button', { class: 'gallery-item', title: d, onclick: () => void this.open(d) }, d.split(/[\\/]/).pop() || d, h('small', {}, d))) : [h('p', { class: 'muted' }, 'none yet')]));
  }

  /** Opens DIR: reads it whole (page by page) and starts watching it. */
  async open(dir: string): Promise<void> {
    if (!this.api) return;
    const token = ++this.token;
    clearTimeout(this.timer);
    this.app.showTab('sessions');
    const r = await this.api.open(dir, 0);
    if (token !== this.token) return;
    if (!r.ok) {
      this.close();
      this.els.title.textContent = NO_SESSION;
      this.showError(r.message);
      return;
    }
    this.dir = r.value.overview.dir;
    this.metrics = new SessionMetrics(r.value.overview.metricNames);
    this.buildPlots(r.value.overview.metricNames);
    this.apply(r.value);
    void this.refreshRecent();
    this.schedule(token, r.value.metrics.more ? 0 : this.interval());
  }

  /** Stops watching (the directory is left as it is). */
  close(): void {
    this.token++;
    clearTimeout(this.timer);
    this.dir = undefined;
    this.overview = undefined;
    this.metrics = undefined;
    for (const p of this.plots.values()) p.destroy();
    this.plots.clear();
    this.els.plots.replaceChildren();
    this.els.plots.dataset.rows = '0';
    this.els.record.replaceChildren();
    this.els.checkpoints.replaceChildren();
    this.els.events.replaceChildren();
    this.updateButtons();
  }

  private interval(): number {
    return this.overview?.health.state === 'running' ? POLL_RUNNING_MS : POLL_IDLE_MS;
  }

  private schedule(token: number, ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(token), ms);
  }

  /** One poll; the next is scheduled only when this one has answered, so polls never pile up. */
  private async tick(token: number): Promise<void> {
    if (token !== this.token || !this.dir || !this.api || !this.metrics) return;
    const r = await this.api.poll(this.dir, this.metrics.next);
    if (token !== this.token) return;
    if (!r.ok) {
      this.showError(r.message);
      this.schedule(token, POLL_IDLE_MS);
      return;
    }
    this.apply(r.value);
    this.schedule(token, r.value.metrics.more ? 0 : this.interval());
  }

  private apply(poll: SessionPoll): void {
    this.polls++;
    this.showError(undefined);
    this.overview = poll.overview;
    if (this.metrics!.merge(poll.metrics)) this.drawSoon();
    this.renderRecord(poll.overview);
    this.renderCheckpoints(poll.overview);
    this.renderEvents(poll.overview);
    this.updateButtons();
    this.pane.dataset.polls = String(this.polls);
  }

  private showError(message: string | undefined): void {
    this.els.error.hidden = message === undefined;
    this.els.error.textContent = message ?? '';
  }

  private renderRecord(o: SessionOverview): void {
    this.els.title.textContent = `${o.name} — ${o.dir}`;
    const pct = o.totalSamples > 0 ? (100 * o.samplesDone) / o.totalSamples : 0;
    const last = o.checkpoints[o.checkpoints.length - 1];
    const rows: [string, string | HTMLElement, string][] = [
      ['name', o.name, 'name'],
      ['workload', o.kind, 'kind'],
      ['status', h('span', { class: `state state-${o.health.state}` }, o.health.state), 'state'],
      ['health', o.health.message, 'health'],
      ['progress', h('span', {}, h('span', { class: 'progress' }, h('div', { style: `width:${pct.toFixed(1)}%` })), ` ${o.samplesDone} / ${o.totalSamples} samples (${pct.toFixed(1)} %)`), 'progress'],
      ['simulated time', `${fmt(o.simTime)} s`, 'sim-time'],
      ['last checkpoint', last ? `sample ${last.samples} at ${last.at}` : 'none yet', 'last-checkpoint'],
      ['disk', `${bytes(o.disk.total)} (database ${bytes(o.disk.database)}, checkpoints ${bytes(o.disk.checkpoints)}, waveforms ${bytes(o.disk.waveforms)} in ${o.waveformFiles} files)`, 'disk'],
      ['database', `integrity ${o.health.database} (checked ${o.health.checkedAt.slice(11, 19)})`, 'database'],
    ];
    this.els.record.replaceChildren(...rows.flatMap(([k, v, id]) => [h('dt', {}, k), h('dd', { 'data-testid': `session-${id}` }, v)]));
  }

  private renderCheckpoints(o: SessionOverview): void {
    // Newest first.
    this.els.checkpoints.replaceChildren(
      ...[...o.checkpoints].reverse().map((c) =>
        h('tr', { 'data-sample': String(c.samples) }, h('td', {}, String(c.samples)), h('td', {}, fmt(c.simTime)), h('td', {}, bytes(c.bytes)), h('td', { class: 'mono', title: c.sha256 }, c.sha256.slice(0, 12)), h('td', {}, c.at.replace('T', ' ').slice(0, 19))),
      ),
    );
  }

  private renderEvents(o: SessionOverview): void {
    const list = this.els.events;
    const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    list.replaceChildren(...o.events.map((e) => h('li', { class: `event-${e.type}` }, h('span', { class: 'muted' }, e.at.slice(11, 19)), ` ${e.type} `, e.message)));
    if (stick) list.scrollTop = list.scrollHeight;
  }

  private updateButtons(): void {
    const state = this.overview?.health.state;
    this.pauseButton.disabled = state !== 'running';
    this.resumeButton.disabled = state === undefined || state === 'running' || state === 'finished';
  }

  private async control(action: 'pause' | 'resume'): Promise<void> {
    if (!this.api || !this.dir) return;
    this.pauseButton.disabled = this.resumeButton.disabled = true;
    const r = await this.api[action](this.dir);
    if (r.ok) this.app.errors.notice(r.value);
    else this.app.errors.error(r.message);
    // Show the new state without waiting for the next poll.
    this.schedule(this.token, 0);
  }

  private buildPlots(names: readonly string[]): void {
    for (const p of this.plots.values()) p.destroy();
    this.plots.clear();
    this.els.plots.replaceChildren();
    names.forEach((name, k) => {
      const holder = h('div', { class: 'session-plot', 'data-testid': `session-plot-${name}`, 'data-points': '0' });
      this.els.plots.append(h('div', {}, h('div', { class: 'session-plot-title' }, name, h('span', { class: 'muted' }, ' against sample')), holder));
      const plot = new uPlot(
        {
          width: this.plotWidth(),
          height: PLOT_HEIGHT,
          scales: { x: { time: false } },
          axes: [{}, { size: 60, values: (_u, ticks) => ticks.map((v) => fmt(v)) }],
          // Sparse metrics (measured every N samples, null between) are drawn through their gaps.
          series: [{ label: 'sample' }, { label: name, stroke: COLOURS[k % COLOURS.length], width: 1.25, spanGaps: true, points: { show: false } }],
          legend: { show: false },
        },
        [[], []],
        holder,
      );
      this.plots.set(name, plot);
    });
  }

  private plotWidth(): number {
    return Math.max(240, Math.floor((this.els.plots.clientWidth || 900) / 2) - 12);
  }

  private resizePlots(): void {
    for (const p of this.plots.values()) p.setSize({ width: this.plotWidth(), height: PLOT_HEIGHT });
  }

  /** Redraws at most once per animation frame, however many polls arrived. */
  private drawSoon(): void {
    if (this.drawPending) return;
    this.drawPending = true;
    requestAnimationFrame(() => {
      this.drawPending = false;
      const m = this.metrics;
      if (!m) return;
      for (const [name, plot] of this.plots) {
        plot.setData([m.sample, m.columns[name]] as uPlot.AlignedData);
        // What the chart holds: its x values, and the y values that are drawn (not gaps).
        const holder = plot.root.parentElement;
        if (holder) {
          holder.dataset.x = String(plot.data[0].length);
          holder.dataset.points = String((plot.data[1] as (number | null)[]).filter((v) => v !== null && v !== undefined).length);
        }
      }
      this.els.plots.dataset.rows = String(m.rows);
    });
  }
}
