/** The application menu as a template (data), built from callbacks so it is tested without Electron. */
import type { MenuCommand } from '../shared/bridge.js';

export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItem[];
}

export function menuTemplate(send: (command: MenuCommand) => void, recent: readonly string[], openRecent: (path: string) => void, isMac: boolean): MenuItem[] {
  const cmd = (label: string, command: MenuCommand, accelerator?: string): MenuItem => ({ label, accelerator, click: () => send(command) });
  const recentItems: MenuItem[] = recent.length ? recent.map((path) => ({ label: path, click: () => openRecent(path) })) : [{ label: 'No recent files', enabled: false }];
  return [
    ...(isMac ? [{ role: 'appMenu' }] : []),
    {
      label: 'File',
      submenu: [
        cmd('Open netlist…', 'open', 'CmdOrCtrl+O'),
        { label: 'Open recent', submenu: recentItems },
        cmd('Open session directory…', 'open-session', 'CmdOrCtrl+Shift+O'),
        cmd('Save session…', 'save-session', 'CmdOrCtrl+S'),
        cmd('Export data (CSV)…', 'export-csv'),
        { type: 'separator' },
        { role: isMac ? 'close' : 'quit' },
      ],
    },
    {
      label: 'Simulation',
      submenu: [cmd('Run', 'run', 'CmdOrCtrl+R'), cmd('Pause', 'pause', 'CmdOrCtrl+P'), cmd('Stop', 'stop', 'CmdOrCtrl+.'), { type: 'separator' }, cmd('Snapshot', 'snapshot'), cmd('Restore snapshot', 'restore')],
    },
    { label: 'Tools', submenu: [cmd('Generate nanowire network…', 'generate', 'CmdOrCtrl+G'), cmd('Plugins…', 'plugins')] },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { role: 'togglefullscreen' }] },
  ];
}
