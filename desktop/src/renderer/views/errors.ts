/** The error strip: messages as the CLI words them (file:line:col: error: …), and notices. */
import { h } from '../dom.js';

export class ErrorsView {
  private seenRuntime = 0;

  constructor(private readonly el: HTMLElement) {}

  error(message: string): void {
    const close = h('button', { onclick: () => row.remove(), title: 'dismiss' }, '×');
    const row = h('div', { class: 'error', 'data-testid': 'error' }, h('span', {}, message), close);
    this.el.append(row);
  }

  notice(message: string): void {
    const row = h('div', { class: 'notice', 'data-testid': 'notice' }, message);
    this.el.append(row);
    setTimeout(() => row.remove(), 15_000);
  }

  /** Runtime errors arrive with every frame (all so far); show only the new ones. */
  runtime(errors: readonly string[]): void {
    if (errors.length < this.seenRuntime) this.seenRuntime = 0;
    for (const e of errors.slice(this.seenRuntime)) this.error(e);
    this.seenRuntime = errors.length;
  }

  clear(): void {
    this.el.innerHTML = '';
    this.seenRuntime = 0;
  }
}
