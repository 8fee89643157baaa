/**
 * The I–V loop of one two-terminal element: its voltage (`el:v`) against its current (`el:i`), drawn
 * with core's SVG plot writer as chunks arrive. Exports SVG, PNG (the SVG rasterised) and CSV.
 */
import { linePlotSvg } from '@memflow/core';
import type { SignalChunkData } from '../../shared/engine-api.js';

export class IvView {
  element?: string;
  private v: number[] = [];
  private i: number[] = [];
  private t: number[] = [];
  private dirty = false;

  constructor(private readonly body: HTMLElement) {}

  get points(): number {
    return Math.min(this.v.length, this.i.length);
  }

  /** Starts a loop for `element`; returns the two chunk sinks (voltage, current). */
  open(element: string): [(c: SignalChunkData) => void, (c: SignalChunkData) => void] {
    this.element = element;
    this.v = [];
    this.i = [];
    this.t = [];
    this.body.innerHTML = `<p class="muted">waiting for ${element}'s voltage and current… (run the simulation)</p>`;
    return [
      (c) => {
        for (let k = 0; k < c.values.length; k++) {
          this.v.push(c.values[k]);
          this.t.push(c.t[k]);
        }
        this.schedule();
      },
      (c) => {
        for (const x of c.values) this.i.push(x);
        this.schedule();
      },
    ];
  }

  private schedule(): void {
    if (this.dirty) return;
    this.dirty = true;
    requestAnimationFrame(() => {
      this.dirty = false;
      if (this.points < 2) return;
      this.body.innerHTML = this.toSvg(this.body.clientWidth, this.body.clientHeight);
      this.body.dataset.points = String(this.points);
    });
  }

  toSvg(width = 720, height = 440): string {
    const n = this.points;
    return linePlotSvg({
      title: `I–V loop of ${this.element ?? '?'}`,
      xLabel: 'voltage (V)',
      yLabel: 'current (A)',
      series: [{ name: this.element ?? 'element', x: this.v.slice(0, n), y: this.i.slice(0, n) }],
      width: Math.max(300, width),
      height: Math.max(200, height),
    });
  }

  toCsv(): string {
    const rows = ['t,v,i'];
    for (let k = 0; k < this.points; k++) rows.push(`${this.t[k]},${this.v[k]},${this.i[k]}`);
    return rows.join('\n') + '\n';
  }
}

/** Rasterises an SVG string to a PNG data URL. */
export async function svgToPng(svg: string, width: number, height: number): Promise<string> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not rasterise the plot'));
      img.src = url;
    });
    const canvas = Object.assign(document.createElement('canvas'), { width, height });
    canvas.getContext('2d')!.drawImage(img, 0, 0);
    return canvas.toDataURL('image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
