/**
 * The network graph (sigma.js on graphology, WebGL): nets are nodes at the network's layout (a circle
 * when it has none), two-terminal elements are edges coloured by log conductance each frame, electrodes
 * are drawn large and red. Clicking an edge or a node selects it.
 */
import Graph from 'graphology';
import Sigma from 'sigma';
import type { LoadInfo } from '../../shared/engine-api.js';
import { colourOf } from './colours.js';

export class GraphView {
  private sigma?: Sigma;
  private graph = new Graph({ multi: true, type: 'undirected' });
  private edgeKeys: string[] = [];
  /** log10 G range seen so far in this session, so colours compare across frames. */
  private lo = Infinity;
  private hi = -Infinity;
  frames = 0;
  readonly el: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly title: HTMLElement;

  constructor(
    parent: HTMLElement,
    private readonly onSelect: (element: string | undefined, net?: string) => void,
  ) {
    parent.innerHTML = '<div class="graph" data-testid="graph"></div><div class="graph-title"></div><div class="graph-legend" data-testid="graph-legend">conductance<div class="bar"></div><span class="range">—</span></div>';
    this.el = parent.querySelector('.graph')!;
    this.legend = parent.querySelector('.range')!;
    this.title = parent.querySelector('.graph-title')!;
  }

  show(info: LoadInfo): void {
    this.sigma?.kill();
    const g = new Graph({ multi: true, type: 'undirected' });
    const nets = new Set<string>();
    const byId = new Map(info.elements.map((e) => [e.id, e]));
    for (const id of info.edges) for (const n of byId.get(id)!.nodes.slice(0, 2)) nets.add(n);
    for (const n of info.electrodes) nets.add(n);
    const list = [...nets];
    const electrodes = new Set(info.electrodes);
    list.forEach((n, k) => {
      const p = info.layout[n] ?? [Math.cos((2 * Math.PI * k) / list.length), Math.sin((2 * Math.PI * k) / list.length)];
      const ground = n === '0' || n.toLowerCase() === 'gnd';
      g.addNode(n, {
        x: p[0],
        y: p[1],
        size: electrodes.has(n) ? 9 : ground ? 6 : list.length > 300 ? 2 : 4,
        color: electrodes.has(n) ? '#ef4444' : ground ? '#94a3b8' : '#cbd5e1',
        label: electrodes.has(n) || list.length <= 40 ? n : undefined,
      });
    });
    this.edgeKeys = info.edges.map((id) => {
      const [a, b] = byId.get(id)!.nodes;
      return g.addEdgeWithKey(id, a, b, { size: list.length > 300 ? 1 : 2, color: '#475569', label: id });
    });
    this.graph = g;
    this.lo = Infinity;
    this.hi = -Infinity;
    this.frames = 0;
    this.title.textContent = `${info.title} — ${list.length} nets, ${info.edges.length} elements`;
    this.sigma = new Sigma(g, this.el, {
      renderEdgeLabels: false,
      labelColor: { color: '#e2e8f0' },
      enableEdgeEvents: true,
      defaultEdgeColor: '#475569',
      allowInvalidContainer: true,
    });
    this.sigma.on('clickEdge', ({ edge }) => this.onSelect(edge));
    this.sigma.on('clickNode', ({ node }) => this.onSelect(undefined, node));
  }

  /** Recolours the edges from a frame's conductances (NaN: no voltage across, drawn grey). */
  update(conductance: Float64Array): void {
    if (!this.sigma || conductance.length !== this.edgeKeys.length) return;
    for (const g of conductance) {
      if (!(g > 0)) continue;
      const l = Math.log10(g);
      if (l < this.lo) this.lo = l;
      if (l > this.hi) this.hi = l;
    }
    const span = this.hi - this.lo || 1;
    this.edgeKeys.forEach((key, k) => {
      const g = conductance[k];
      this.graph.setEdgeAttribute(key, 'color', g > 0 ? colourOf((Math.log10(g) - this.lo) / span) : '#475569');
    });
    this.frames++;
    this.legend.textContent = Number.isFinite(this.lo) ? `${(10 ** this.lo).toExponential(1)} … ${(10 ** this.hi).toExponential(1)} S` : '—';
    this.el.dataset.frames = String(this.frames);
  }

  highlight(element: string | undefined): void {
    if (!this.sigma) return;
    this.graph.forEachEdge((key) => this.graph.setEdgeAttribute(key, 'size', key === element ? 5 : this.graph.order > 300 ? 1 : 2));
  }

  /** Where an edge's midpoint is drawn, in page pixels, and its drawn length (to point at it). */
  screenPointOf(edge: string): { x: number; y: number; length: number } | undefined {
    if (!this.sigma || !this.graph.hasEdge(edge)) return undefined;
    const [a, b] = this.graph.extremities(edge).map((n) => this.sigma!.framedGraphToViewport(this.sigma!.getNodeDisplayData(n)!));
    const box = this.el.getBoundingClientRect();
    return { x: box.left + (a.x + b.x) / 2, y: box.top + (a.y + b.y) / 2, length: Math.hypot(a.x - b.x, a.y - b.y) };
  }

  /** Current edge colours (for tests and exports). */
  edgeColours(): string[] {
    return this.edgeKeys.map((k) => this.graph.getEdgeAttribute(k, 'color') as string);
  }
}
