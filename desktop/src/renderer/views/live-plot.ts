/**
 * A live plot (uPlot) of one or more signals against time or against each other, fed chunk by chunk,
 * redrawn at most once per animation frame; exports PNG (the canvas), SVG (core's plot writer) and CSV.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { linePlotSvg } from '@memflow/core';
import type { SignalChunkData } from '../../shared/engine-api.js';

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

export interface Trace {
  readonly name: string;
  t: number[];
  v: number[];
}

export class LivePlot {
  private plot?: uPlot;
  private traces: Trace[] = [];
  private dirty = false;
  readonly body: HTMLElement;

  constructor(
    parent: HTMLElement,
    readonly title: string,
    private readonly xLabel = 'time (s)',
  ) {
    this.body = parent;
    new ResizeObserver(() => this.resize()).observe(parent);
  }

  get names(): string[] {
    return this.traces.map((t) => t.name);
  }

  /** Points received so far, over all traces. */
  get points(): number {
    return this.traces.reduce((s, t) => s + t.t.length, 0);
  }

  clear(): void {
    this.traces = [];
    this.plot?.destroy();
    this.plot = undefined;
    this.body.dataset.points = '0';
  }

  addTrace(name: string): (chunk: SignalChunkData) => void {
    const trace: Trace = { name, t: [], v: [] };
    this.traces.push(trace);
    this.plot?.destroy();
    this.plot = undefined;
    this.schedule();
    return (chunk) => {
      for (let k = 0; k < chunk.t.length; k++) {
        trace.t.push(chunk.t[k]);
        trace.v.push(chunk.values[k]);
      }
      this.schedule();
    };
  }

  /** One x–y curve (an I–V loop): x from the first trace's values, y from the second's. */
  xyData(): { x: number[]; y: number[] } | undefined {
    if (this.traces.length < 2) return undefined;
    const [a, b] = this.traces;
    const n = Math.min(a.v.length, b.v.length);
    return { x: a.v.slice(0, n), y: b.v.slice(0, n) };
  }

  private schedule(): void {
    if (this.dirty) return;
    this.dirty = true;
    requestAnimationFrame(() => {
      this.dirty = false;
      this.draw();
    });
  }

  private data(): uPlot.AlignedData {
    if (this.traces.length === 0) return [[]];
    return uPlot.join(this.traces.map((t) => [t.t, t.v] as uPlot.AlignedData));
  }

  private draw(): void {
    const data = this.data();
    this.body.dataset.points = String(this.points);
    if (!this.plot) {
      if (this.traces.length === 0) return;
      const { width, height } = this.size();
      this.plot = new uPlot(
        {
          width,
          height,
          scales: { x: { time: false } },
          axes: [{ label: this.xLabel }, { size: 70, values: (_u, ticks) => ticks.map((v) => fmt(v)) }],
          series: [{ label: 't' }, ...this.traces.map((t, k) => ({ label: t.name, stroke: COLOURS[k % COLOURS.length], width: 1.5, points: { show: false } }))],
          legend: { live: false },
        },
        data,
        this.body,
      );
    } else this.plot.setData(data);
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.body.clientWidth - 4), height: Math.max(120, this.body.clientHeight - 40) };
  }

  private resize(): void {
    this.plot?.setSize(this.size());
  }

  toPng(): string | undefined {
    return this.plot?.ctx.canvas.toDataURL('image/png');
  }

  toSvg(): string {
    return linePlotSvg({ title: this.title, xLabel: this.xLabel, yLabel: 'value', series: this.traces.map((t) => ({ name: t.name, x: t.t, y: t.v })) });
  }

  /** Aligned on the union of the traces' times; an empty cell where a trace has no point. */
  toCsv(): string {
    const data = this.data();
    const rows = [['t', ...this.traces.map((t) => t.name)].join(',')];
    const n = (data[0] as ArrayLike<number>).length;
    for (let i = 0; i < n; i++) rows.push(data.map((col) => (col[i] == null ? '' : String(col[i]))).join(','));
    return rows.join('\n') + '\n';
  }
}

export function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-2 && a < 1e4 ? String(+v.toPrecision(3)) : v.toExponential(1);
}
