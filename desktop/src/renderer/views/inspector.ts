/** The parameter inspector: the selected element's parameters (edits become SET_PARAM events) and signals. */
import type { ElementInfo, LoadInfo } from '../../shared/engine-api.js';
import type { App } from '../app.js';
import { h } from '../dom.js';
import { fmt } from './live-plot.js';

export class InspectorView {
  private info?: LoadInfo;

  constructor(
    private readonly el: HTMLElement,
    private readonly app: App,
  ) {
    el.innerHTML = '<p class="muted">Open an example from the gallery.</p>';
  }

  show(info: LoadInfo): void {
    this.info = info;
    this.el.innerHTML = '';
    const select = h('select', { 'data-testid': 'element-select', onchange: () => this.app.select(select.value || undefined) }, h('option', { value: '' }, '— element —'));
    for (const e of info.elements) select.append(h('option', { value: e.id }, `${e.id} (${e.device})`));
    this.el.append(h('h3', {}, 'Inspector'), select, h('div', { 'data-testid': 'element-details' }, h('p', { class: 'muted' }, `${info.elements.length} elements; click an edge in the graph or pick one above.`)));
  }

  select(id: string | undefined, net?: string): void {
    const details = this.el.querySelector<HTMLElement>('[data-testid=element-details]');
    if (!details || !this.info) return;
    const select = this.el.querySelector<HTMLSelectElement>('select');
    if (select && id) select.value = id;
    details.innerHTML = '';
    if (!id) {
      if (net) details.append(h('p', {}, `net ${net}`), h('button', { onclick: () => void this.app.addProbe(`v(${net})`) }, `plot v(${net})`));
      return;
    }
    const e = this.info.elements.find((x) => x.id === id);
    if (!e) return;
    details.append(h('h3', { 'data-testid': 'selected-element' }, `${e.id}`), h('p', { class: 'muted' }, `${e.device} (${e.kind}) between ${e.nodes.join(', ')}`));
    details.append(this.paramTable(e));
    const actions = h('div', {});
    for (const s of ['i', ...(e.nodes.length === 2 ? ['v'] : []), ...e.states.map((st) => st)]) {
      actions.append(h('button', { 'data-testid': `plot-${s}`, onclick: () => void this.app.addProbe(`${e.id}:${s}`) }, `plot ${s}`), ' ');
    }
    if (e.nodes.length === 2) actions.append(h('button', { 'data-testid': 'open-iv', class: 'primary', onclick: () => void this.app.openIv(e.id) }, 'I–V loop'));
    details.append(h('h3', {}, 'Signals'), actions);
  }

  private paramTable(e: ElementInfo): HTMLElement {
    const table = h('table', { class: 'params' });
    for (const [name, value] of Object.entries(e.params)) {
      const meta = e.paramInfo[name] ?? {};
      const input = h('input', { 'data-testid': `param-${name}`, value: fmt(value), title: meta.doc ?? '' });
      const apply = async (): Promise<void> => {
        const v = Number(input.value);
        const reply = await this.app.client.remote.setParam(e.id, name, v);
        if (!reply.accepted) {
          this.app.errors.error(reply.message ?? 'rejected');
          input.classList.add('bad');
        } else {
          (e.params as Record<string, number>)[name] = v;
          input.classList.remove('bad');
          input.dataset.applied = String(v);
        }
      };
      input.addEventListener('change', () => void apply());
      table.append(h('tr', {}, h('td', { title: meta.doc ?? '' }, name), h('td', {}, input), h('td', { class: 'muted' }, meta.unit ?? '')));
    }
    return table;
  }
}
