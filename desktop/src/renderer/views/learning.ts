/** Experiments and their learning curves (accuracy and loss per epoch, uPlot). */
import * as Comlink from 'comlink';
import irisCsv from '../../../../fixtures/data/iris.csv?raw';
import type { EpochPoint } from '../../shared/engine-api.js';
import type { App } from '../app.js';
import { h } from '../dom.js';
import { LivePlot } from './live-plot.js';

export class LearningView {
  private plot?: LivePlot;

  constructor(
    private readonly parent: HTMLElement,
    private readonly app: App,
  ) {
    void this.build();
  }

  private async build(): Promise<void> {
    this.parent.append(h('h3', {}, 'Experiments'));
    const epochs = h('input', { 'data-testid': 'exp-epochs', value: '20', size: 4 });
    this.parent.append(h('label', {}, 'epochs ', epochs));
    const holder = h('div', { style: 'height:220px', 'data-testid': 'learning-curve' });
    const summary = h('p', { class: 'muted', 'data-testid': 'learning-summary' });
    // Names come from the engine's list; filled once it is up.
    const list = h('div', {});
    this.parent.append(list, holder, summary);
    const fill = async (): Promise<void> => {
      for (const e of await this.app.client.remote.experiments()) {
        list.append(h('button', { class: 'gallery-item', 'data-testid': `experiment-${e.name}`, onclick: () => void run(e.name) }, e.name, h('small', {}, e.title)));
      }
    };
    const run = async (name: string): Promise<void> => {
      this.plot?.clear();
      holder.innerHTML = '';
      this.plot = new LivePlot(holder, `${name}: learning curve`, 'epoch');
      const sinks = ['train accuracy', 'test accuracy', 'loss'].map((n) => this.plot!.addTrace(n));
      summary.textContent = `running ${name}…`;
      const onEpoch = (p: EpochPoint): void => {
        const at = (v: number) => ({ t0: p.epoch, t: Float64Array.of(p.epoch), values: Float64Array.of(v) });
        sinks[0](at(p.trainAccuracy));
        sinks[1](at(p.testAccuracy));
        sinks[2](at(p.loss));
      };
      const r = await this.app.client.remote.runExperiment(name, { epochs: Number(epochs.value), irisCsv }, Comlink.proxy(onEpoch));
      if (!r.ok) {
        this.app.errors.error(r.message);
        summary.textContent = '';
        return;
      }
      const last = r.value[r.value.length - 1];
      summary.textContent = `${name}: ${r.value.length - 1} epochs, train accuracy ${(100 * last.trainAccuracy).toFixed(1)} %, test accuracy ${(100 * last.testAccuracy).toFixed(1)} %`;
    };
    // The client connects after the views are built.
    const wait = (): void => void (this.app.client.remote ? fill() : setTimeout(wait, 50));
    wait();
  }
}
