/** The nanowire generator dialog: the `memflow generate nanowire` options plus a DC bias and a stop time. */
import type { NanowireDialogOptions } from '../../shared/engine-api.js';
import { NANOWIRE_DEFAULTS } from '../examples.js';
import { h } from '../dom.js';

const FIELDS: [keyof NanowireDialogOptions, string][] = [
  ['wires', 'wires'],
  ['lengthMean', 'length mean'],
  ['lengthStd', 'length std'],
  ['width', 'box width'],
  ['height', 'box height'],
  ['seed', 'seed'],
  ['vbias', 'bias (V)'],
  ['tstop', 'stop time (s)'],
];

export class GeneratorDialog {
  constructor(parent: HTMLElement, submit: (o: NanowireDialogOptions) => void) {
    const inputs = FIELDS.map(([key]) => [key, h('input', { name: key, 'data-testid': `gen-${key}`, value: String(NANOWIRE_DEFAULTS[key]), inputmode: 'decimal' })] as const);
    const form = h(
      'form',
      { 'data-testid': 'generator' },
      h('h3', {}, 'Generate a nanowire network'),
      ...inputs.map(([key, input]) => h('label', {}, FIELDS.find((f) => f[0] === key)![1], input)),
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => overlay.remove() }, 'Cancel'), h('button', { type: 'submit', class: 'primary', 'data-testid': 'gen-submit' }, 'Generate')),
    );
    const overlay = h('div', { class: 'dialog' }, form);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const o = Object.fromEntries(inputs.map(([k, input]) => [k, Number(input.value)])) as unknown as NanowireDialogOptions;
      overlay.remove();
      submit(o);
    });
    parent.append(overlay);
  }
}
