import { describe, expect, it } from 'vitest';
import { menuTemplate, type MenuItem } from '../../src/main/menu.js';
import type { MenuCommand } from '../../src/shared/bridge.js';

const flat = (items: MenuItem[]): MenuItem[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);

describe('application menu', () => {
  it('sends each command to the renderer and opens recent files by path', () => {
    const sent: MenuCommand[] = [];
    const opened: string[] = [];
    const items = flat(menuTemplate((c) => sent.push(c), ['/x/a.cir', '/x/b.cir'], (p) => opened.push(p), false));
    const click = (label: string) => items.find((i) => i.label === label)!.click!();
    for (const label of ['Open netlist…', 'Run', 'Pause', 'Stop', 'Snapshot', 'Restore snapshot', 'Generate nanowire network…', 'Plugins…', 'Save session…', 'Export data (CSV)…', 'Open session directory…']) click(label);
    expect(sent).toEqual(['open', 'run', 'pause', 'stop', 'snapshot', 'restore', 'generate', 'plugins', 'save-session', 'export-csv', 'open-session']);
    click('/x/b.cir');
    expect(opened).toEqual(['/x/b.cir']);
  });

  it('says so when there are no recent files, and adds the app menu on macOS only', () => {
    const items = flat(menuTemplate(() => undefined, [], () => undefined, false));
    expect(items.find((i) => i.label === 'No recent files')?.enabled).toBe(false);
    expect(menuTemplate(() => undefined, [], () => undefined, true)[0].role).toBe('appMenu');
    expect(menuTemplate(() => undefined, [], () => undefined, false)[0].label).toBe('File');
  });
});
