/**
 * The memflow desktop UI. It talks to the engine only through EngineClient and to the outside world only
 * through a Host, so the same code runs in Electron and in a browser page.
 */
import type { Frame, LoadInfo, Result, Snapshot } from '../shared/engine-api.js';
import type { MenuCommand } from '../shared/bridge.js';
import { EngineClient } from './engine-client.js';
import { EXAMPLES, type Example } from './examples.js';
import type { Host } from './host/host.js';
import { ControlsView } from './views/controls.js';
import { ErrorsView } from './views/errors.js';
import { GalleryView } from './views/gallery.js';
import { GeneratorDialog } from './views/generator.js';
import { GraphView } from './views/graph.js';
import { InspectorView } from './views/inspector.js';
import { IvView, svgToPng } from './views/iv-view.js';
import { LearningView } from './views/learning.js';
import { LivePlot } from './views/live-plot.js';
import { PluginsView } from './views/plugins.js';
import { SessionsView } from './views/sessions.js';
import { h } from './dom.js';

export class App {
  readonly client: EngineClient;
  info?: LoadInfo;
  readonly graph: GraphView;
  readonly plot: LivePlot;
  readonly iv: IvView;
  readonly errors: ErrorsView;
  readonly controls: ControlsView;
  readonly inspector: InspectorView;
  readonly plugins: PluginsView;
  readonly learning: LearningView;
  readonly sessions: SessionsView;
  private readonly gallery: GalleryView;
  private readonly tabs: Record<string, HTMLElement> = {};
  private plotPanel: HTMLElement;
  private ivPanel: HTMLElement;
  private probes: string[] = [];
  private ivElement?: string;

  constructor(
    root: HTMLElement,
    readonly host: Host,
  ) {
    root.innerHTML = '';
    const toolbar = h('header', { class: 'toolbar' });
    const errorsEl = h('div', { class: 'errors', 'data-testid': 'errors' });
    const left = h('aside', { class: 'left' });
    const centre = h('main');
    const right = h('aside', { class: 'right', 'data-testid': 'inspector' });
    root.append(h('div', { class: 'app' }, toolbar, errorsEl, left, centre, right));

    this.errors = new ErrorsView(errorsEl);
    this.client = new EngineClient(host, {
      frame: (f) => this.onFrame(f),
      crashed: (message) => this.errors.error(message),
      recovered: (restored) => {
        this.errors.notice(restored ? `engine restarted; the last snapshot (window ${this.client.lastSnapshot?.windows}) is restored and paused` : 'engine restarted');
        if (restored) void this.show(restored);
        void this.plugins.refresh();
      },
    });
    this.controls = new ControlsView(toolbar, this);

    // Left: gallery, generator, plugins, experiments.
    const tabBar = h('div', { class: 'tabs' });
    left.append(tabBar);
    for (const [key, label] of [
      ['gallery', 'Examples'],
      ['plugins', 'Plugins'],
      ['experiments', 'Experiments'],
      ['sessions', 'Sessions'],
    ] as const) {
      const body = h('div', { class: 'tab-body', 'data-testid': `tab-${key}` });
      const button = h('button', { 'data-testid': `tab-button-${key}`, onclick: () => this.showTab(key) }, label);
      tabBar.append(button);
      left.append(body);
      this.tabs[key] = body;
      body.dataset.button = key;
    }
    this.gallery = new GalleryView(this.tabs.gallery, EXAMPLES, (e) => void this.openExample(e), () => new GeneratorDialog(document.body, (o) => void this.generate(o)));
    this.tabs.gallery.append(h('h3', {}, 'Open a netlist or a saved session'), this.fileOpener());
    this.plugins = new PluginsView(this.tabs.plugins, this);
    this.learning = new LearningView(this.tabs.experiments, this);
    this.showTab('gallery');

    // Centre: graph above, plots below.
    const graphWrap = h('div', { class: 'graph-wrap' });
    const bottom = h('div', { class: 'bottom' });
    centre.append(graphWrap, bottom);
    this.graph = new GraphView(graphWrap, (element, net) => this.select(element, net));
    this.plotPanel = h('div', { class: 'panel-body', 'data-testid': 'live-plot' });
    this.ivPanel = h('div', { class: 'panel-body iv', 'data-testid': 'iv-view' });
    bottom.append(
      panel('Live plot', this.plotPanel, [
        ['PNG', () => this.exportPng('signals.png', this.plot.toPng())],
        ['SVG', () => this.save('signals.svg', this.plot.toSvg(), 'image/svg+xml')],
        ['CSV', () => this.save('signals.csv', this.plot.toCsv(), 'text/csv')],
      ]),
      panel('I–V loop', this.ivPanel, [
        ['PNG', async () => this.exportPng('iv-loop.png', await svgToPng(this.iv.toSvg(), 720, 440))],
        ['SVG', () => this.save('iv-loop.svg', this.iv.toSvg(), 'image/svg+xml')],
        ['CSV', () => this.save('iv-loop.csv', this.iv.toCsv(), 'text/csv')],
      ]),
    );
    // Session directories: the view lies over the graph and plots while its tab is shown.
    this.sessions = new SessionsView(this.tabs.sessions, centre, this, host.sessions);
    this.plot = new LivePlot(this.plotPanel, 'signals');
    this.iv = new IvView(this.ivPanel);
    this.inspector = new InspectorView(right, this);
    host.onMenu((c) => void this.menu(c));
    host.onOpened((f) => void this.openText(f.text, f.name));
  }

  async start(): Promise<void> {
    await this.client.connect();
    await this.plugins.refresh();
  }

  /** Electron: a button for the native dialog; browser: a file input. */
  private fileOpener(): HTMLElement {
    const open = this.host.openFile;
    if (open) return h('button', { 'data-testid': 'open-file', onclick: () => void open().then((f) => f && this.openText(f.text, f.name)) }, 'Open netlist or session…');
    const input = h('input', { type: 'file', accept: '.cir,.sp,.net,.json', 'data-testid': 'open-file-input' });
    input.addEventListener('change', () => {
      const f = input.files?.[0];
      if (f) void f.text().then((text) => this.openText(text, f.name));
      input.value = '';
    });
    return input;
  }

  /** A netlist, a network JSON, or a saved session (a snapshot: restored, paused where it was saved). */
  async openText(text: string, name: string): Promise<void> {
    let session: Snapshot | undefined;
    if (/\.json$/i.test(name)) {
      try {
        const data = JSON.parse(text) as Partial<Snapshot>;
        if (data && typeof data === 'object' && 'events' in data && 'network' in data) session = data as Snapshot;
      } catch {
        // not JSON: the network parser below reports it with its location
      }
    }
    if (!session) {
      await this.loadResult(this.client.remote.loadNetlist(text, name));
      return;
    }
    if (await this.loadResult(this.client.remote.restore(session))) {
      this.client.lastSnapshot = session;
      this.errors.notice(`session ${name} restored at window ${session.windows}; press Resume to continue`);
    }
  }

  async saveSession(): Promise<void> {
    await this.save('session.json', JSON.stringify(await this.client.snapshot()), 'application/json');
  }

  showTab(key: string): void {
    for (const [k, el] of Object.entries(this.tabs)) el.hidden = k !== key;
    // Undefined while the constructor shows the first tab.
    (this.sessions as SessionsView | undefined)?.show(key === 'sessions');
    document.querySelectorAll<HTMLElement>('.tabs button').forEach((b) => b.classList.toggle('active', b.dataset.testid === `tab-button-${key}`));
  }

  async openExample(e: Example): Promise<void> {
    if (e.kind === 'nanowire') return this.generate(e.options);
    await this.loadResult(this.client.remote.loadNetlist(e.text, e.file));
  }

  async generate(options: Parameters<EngineClient['remote']['generate']>[0]): Promise<void> {
    await this.loadResult(this.client.remote.generate(options));
  }

  async loadResult(pending: Promise<Result<LoadInfo>>): Promise<boolean> {
    const r = await pending;
    if (!r.ok) {
      this.errors.error(r.message);
      return false;
    }
    this.errors.clear();
    this.client.lastSnapshot = undefined;
    await this.show(r.value);
    return true;
  }

  /** Shows a freshly loaded (or restored) session: graph, default plot, inspector. */
  private async show(info: LoadInfo): Promise<void> {
    this.info = info;
    this.graph.show(info);
    this.plot.clear();
    this.probes = [];
    this.ivElement = undefined;
    this.iv.element = undefined;
    this.ivPanel.innerHTML = '<p class="muted">select a two-terminal element and press “I–V loop”</p>';
    this.inspector.show(info);
    for (const probe of info.suggested) await this.addProbe(probe);
    // A restored session is mid-run: colour the graph and set the readouts from where it stands.
    const frame = await this.client.remote.frame();
    if (frame) this.onFrame(frame);
    // Counts finished loads (a hook for scripts and the end-to-end tests).
    document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
  }

  async addProbe(probe: string): Promise<void> {
    if (this.probes.includes(probe)) return;
    const sink = this.plot.addTrace(probe);
    const r = await this.client.subscribe(probe, sink);
    if (!r.ok) this.errors.error(r.message);
    else this.probes.push(probe);
  }

  async openIv(element: string): Promise<void> {
    this.ivElement = element;
    const [v, i] = this.iv.open(element);
    for (const [probe, sink] of [
      [`${element}:v`, v],
      [`${element}:i`, i],
    ] as const) {
      const r = await this.client.subscribe(probe, sink);
      if (!r.ok) return this.errors.error(r.message);
    }
  }

  select(element: string | undefined, net?: string): void {
    this.graph.highlight(element);
    this.inspector.select(element, net);
  }

  private onFrame(frame: Frame): void {
    this.graph.update(frame.conductance);
    this.controls.update(frame);
    this.errors.runtime(frame.errors);
  }

  async save(name: string, data: string | Uint8Array, mime: string): Promise<void> {
    await this.host.saveFile(name, data, mime);
  }

  private async exportPng(name: string, dataUrl: string | undefined): Promise<void> {
    if (!dataUrl) return this.errors.error('nothing to export yet: run a simulation first');
    const bytes = Uint8Array.from(atob(dataUrl.split(',')[1]), (c) => c.charCodeAt(0));
    await this.save(name, bytes, 'image/png');
  }

  private async menu(command: MenuCommand): Promise<void> {
    const c = this.controls;
    if (command === 'run') await c.run();
    else if (command === 'pause') await c.pause();
    else if (command === 'stop') await c.stop();
    else if (command === 'snapshot') await c.snapshot();
    else if (command === 'restore') await c.restore();
    else if (command === 'generate') new GeneratorDialog(document.body, (o) => void this.generate(o));
    else if (command === 'plugins') this.showTab('plugins');
    else if (command === 'export-csv') await this.save('signals.csv', this.plot.toCsv(), 'text/csv');
    else if (command === 'save-session') await this.saveSession();
    else if (command === 'open-session' && this.host.openSessionDir) {
      const dir = await this.host.openSessionDir();
      if (dir) await this.sessions.open(dir);
    }
    else if (command === 'open' && this.host.openFile) {
      const f = await this.host.openFile();
      if (f) await this.openText(f.text, f.name);
    }
  }
}

function panel(title: string, body: HTMLElement, actions: [string, () => unknown][]): HTMLElement {
  const head = h('div', { class: 'panel-head' }, h('span', { class: 'title' }, title));
  for (const [label, run] of actions) head.append(h('button', { onclick: () => void run(), 'data-testid': `export-${title.startsWith('I') ? 'iv' : 'plot'}-${label.toLowerCase()}` }, label));
  return h('div', { class: 'panel' }, head, body);
}
