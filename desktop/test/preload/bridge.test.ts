/**
 * The preload bridge: exactly the DesktopBridge methods, all plain functions over named IPC channels, and
 * the engine port handed to the page. Electron is mocked only at its edge (ipcRenderer, contextBridge).
 */
import { describe, expect, it, vi } from 'vitest';
import { createBridge, type IpcRendererLike } from '../../src/preload/bridge.js';
import { BRIDGE_VERSION, ENGINE_PORT_MESSAGE, IPC } from '../../src/shared/bridge.js';

function fakeIpc() {
  const listeners = new Map<string, ((event: { ports?: unknown[] }, ...args: unknown[]) => void)[]>();
  const ipc = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ channel, args })),
    send: vi.fn(),
    on: vi.fn((channel: string, l: (event: { ports?: unknown[] }, ...args: unknown[]) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), l]);
    }),
    removeListener: vi.fn((channel: string, l: unknown) => {
      listeners.set(channel, (listeners.get(channel) ?? []).filter((x) => x !== l));
    }),
  };
  const emit = (channel: string, event: { ports?: unknown[] }, ...args: unknown[]) => (listeners.get(channel) ?? []).forEach((l) => l(event, ...args));
  return { ipc: ipc as IpcRendererLike & typeof ipc, emit };
}

describe('preload bridge', () => {
  it('has exactly the bridge methods, frozen', () => {
    const bridge = createBridge(fakeIpc().ipc, () => undefined, 'linux');
    expect(Object.keys(bridge).sort()).toEqual(
      ['connectEngine', 'onEngineExit', 'onMenu', 'onOpened', 'openFile', 'openPluginFolder', 'openRecent', 'openSessionDir', 'platform', 'recentFiles', 'saveFile', 'sessions', 'version'].sort(),
    );
    expect(bridge.version).toBe(BRIDGE_VERSION);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.sessions)).toBe(true);
    expect(Object.keys(bridge.sessions).sort()).toEqual(['open', 'pause', 'poll', 'recent', 'resume']);
    for (const [k, v] of Object.entries(bridge)) if (!['version', 'platform', 'sessions'].includes(k)) expect(typeof v, k).toBe('function');
  });

  it('maps calls onto the named channels and passes only data', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, () => undefined, 'linux');
    await bridge.openFile();
    await bridge.openRecent('/a.cir');
    await bridge.recentFiles();
    await bridge.saveFile('x.csv', 't,v\n');
    await bridge.openPluginFolder();
    bridge.connectEngine();
    expect(ipc.invoke.mock.calls).toEqual([[IPC.openFile], [IPC.openRecent, '/a.cir'], [IPC.recentFiles], [IPC.saveFile, 'x.csv', 't,v\n'], [IPC.openPluginFolder]]);
    expect(ipc.send.mock.calls).toEqual([[IPC.connectEngine]]);
  });

  it('sends session calls as (method, plain arguments) on one channel', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, () => undefined, 'linux');
    await bridge.openSessionDir();
    await bridge.sessions.recent();
    await bridge.sessions.open('/s', 0);
    await bridge.sessions.poll('/s', 42);
    await bridge.sessions.pause('/s');
    await bridge.sessions.resume('/s');
    expect(ipc.invoke.mock.calls).toEqual([
      [IPC.openSessionDir],
      [IPC.sessions, 'recent'],
      [IPC.sessions, 'open', '/s', 0],
      [IPC.sessions, 'poll', '/s', 42],
      [IPC.sessions, 'pause', '/s'],
      [IPC.sessions, 'resume', '/s'],
    ]);
  });

  it('forwards the engine port to the page and delivers events to listeners until unsubscribed', () => {
    const { ipc, emit } = fakeIpc();
    const posted: [string, readonly unknown[]][] = [];
    const bridge = createBridge(ipc, (m, ports) => posted.push([m, ports]), 'linux');
    emit(IPC.enginePort, { ports: ['PORT'] });
    expect(posted).toEqual([[ENGINE_PORT_MESSAGE, ['PORT']]]);
    const exits: unknown[] = [];
    const off = bridge.onEngineExit((e) => exits.push(e));
    emit(IPC.engineExit, {}, { reason: 'code 1', restarting: true });
    off();
    emit(IPC.engineExit, {}, { reason: 'code 2', restarting: false });
    expect(exits).toEqual([{ reason: 'code 1', restarting: true }]);
    const menu: unknown[] = [];
    bridge.onMenu((c) => menu.push(c));
    emit(IPC.menu, {}, 'run');
    expect(menu).toEqual(['run']);
  });

  it('preload.ts exposes one bridge as window.memflow through contextBridge', async () => {
    const exposed: [string, unknown][] = [];
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
      ipcRenderer: fakeIpc().ipc,
    }));
    await import('../../src/preload/preload.js');
    expect(exposed).toHaveLength(1);
    expect(exposed[0][0]).toBe('memflow');
    expect(Object.keys(exposed[0][1] as object)).toContain('connectEngine');
    vi.doUnmock('electron');
  });
});
