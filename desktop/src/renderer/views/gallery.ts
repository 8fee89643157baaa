/** The example gallery: the generated nanowire network, every fixture netlist and the plugins' examples. */
import type { Example } from '../examples.js';
import { h } from '../dom.js';

export class GalleryView {
  constructor(parent: HTMLElement, examples: readonly Example[], open: (e: Example) => void, generate: () => void) {
    parent.append(h('h3', {}, 'Examples'));
    for (const e of examples) {
      const note =
        e.kind !== 'netlist' ? '' : e.plugin ? ` (needs the ${e.plugin} plugin)` : /level\s*=\s*table/i.test(e.text) ? ' (a data-driven model: the CLI runs it; the app does not read data files yet)' : '';
      parent.append(h('button', { class: 'gallery-item', 'data-testid': `example-${e.name}`, onclick: () => open(e) }, e.name, h('small', {}, e.description + note)));
    }
    parent.append(h('h3', {}, 'Generate'), h('button', { class: 'gallery-item', 'data-testid': 'open-generator', onclick: generate }, 'New nanowire network…', h('small', {}, 'random wires, memristive junctions, two electrodes')));
  }
}
