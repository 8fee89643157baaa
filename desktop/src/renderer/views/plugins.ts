/**
 * The plugin manager: installed plugins with their models and conformance results (or the error that
 * stopped them), and install from a folder (a dialog in Electron, a directory input in a browser).
 */
import type { PluginFiles, PluginInfo } from '../../shared/engine-api.js';
import type { App } from '../app.js';
import { h } from '../dom.js';

/** Files from a directory input, keyed by their path inside the chosen folder. */
export async function filesFromInput(list: FileList): Promise<PluginFiles> {
  const out: Record<string, string> = {};
  for (const f of Array.from(list)) {
    const rel = (f.webkitRelativePath || f.name).split('/').slice(f.webkitRelativePath ? 1 : 0).join('/');
    if (rel.startsWith('node_modules/') || !/\.(m?js|json)$/.test(rel)) continue;
    out[rel] = await f.text();
  }
  return out;
}

/** The package's name from its package.json, for listing a failed install. */
function packageName(files: PluginFiles): string {
  try {
    const name = (JSON.parse(files['package.json'] ?? '{}') as { name?: unknown }).name;
    return typeof name === 'string' ? name : 'plugin';
  } catch {
    return 'plugin';
  }
}

export class PluginsView {
  private readonly list: HTMLElement;
  private readonly models: HTMLElement;
  /** Installs that failed, shown beside the installed plugins with their errors. */
  private readonly failed: PluginInfo[] = [];

  constructor(
    parent: HTMLElement,
    private readonly app: App,
  ) {
    parent.append(h('h3', {}, 'Install a plugin'));
    if (app.host.openPluginFolder) {
      parent.append(h('button', { 'data-testid': 'plugin-install', onclick: () => void this.pick() }, 'Install from folder…'));
    } else {
      const input = h('input', { type: 'file', 'data-testid': 'plugin-folder-input', webkitdirectory: true, multiple: true });
      input.addEventListener('change', () => void (input.files && this.install(filesFromInput(input.files)).then(() => (input.value = ''))));
      parent.append(h('p', { class: 'muted' }, 'Choose the plugin package folder (with its package.json):'), input);
    }
    this.list = h('div', { 'data-testid': 'plugin-list' });
    this.models = h('div', { 'data-testid': 'model-list', class: 'muted' });
    parent.append(h('h3', {}, 'Installed plugins'), this.list, h('h3', {}, 'Device models'), this.models);
  }

  private async pick(): Promise<void> {
    const files = await this.app.host.openPluginFolder?.();
    if (files) await this.install(Promise.resolve(files));
  }

  private async install(pending: Promise<PluginFiles>): Promise<void> {
    const files = await pending;
    const r = await this.app.client.installPlugin(files);
    if (!r.ok) {
      this.app.errors.error(r.message);
      this.failed.push({ name: packageName(files), version: '', ok: false, models: [], error: r.message });
    }
    else this.app.errors.notice(`installed ${r.value.name} ${r.value.version}: ${r.value.models.map((m) => m.id).join(', ')}`);
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const plugins = await this.app.client.remote.installedPlugins();
    this.list.innerHTML = '';
    if (plugins.length === 0) this.list.append(h('p', { class: 'muted' }, 'none yet'));
    for (const p of [...plugins, ...this.failed]) this.list.append(this.card(p));
    const models = await this.app.client.remote.models();
    this.models.textContent = models.map((m) => m.id).join(', ');
  }

  private card(p: PluginInfo): HTMLElement {
    const verdict = p.error ? 'not installed' : p.ok ? 'conformance: pass' : 'conformance: FAIL';
    const el = h('div', { class: 'plugin', 'data-testid': `plugin-${p.name}` }, h('b', {}, `${p.name} ${p.version}`), ' ', h('span', { class: p.ok ? 'ok' : 'bad' }, verdict));
    for (const m of p.models) {
      el.append(h('div', {}, h('b', {}, m.id), ` — ${m.title} (${m.kind})`));
      for (const c of m.checks) el.append(h('div', { class: `check ${c.ok ? 'ok' : 'bad'}`, title: c.detail }, `${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`));
    }
    if (p.error) el.append(h('div', { class: 'bad' }, p.error));
    return el;
  }
}
