/**
 * Builds `window.memflow` from an ipcRenderer-like object. Kept apart from preload.ts (which only calls
 * contextBridge) so its shape can be tested with Electron mocked at this edge.
 */
import { BRIDGE_VERSION, ENGINE_PORT_MESSAGE, IPC, type DesktopBridge, type EngineExit, type MenuCommand, type OpenedFile } from '../shared/bridge.js';
import type { PluginFiles } from '../shared/engine-api.js';
import type { SessionsApi } from '../shared/sessions-api.js';

type IpcListener = (event: { ports?: readonly unknown[] }, ...args: unknown[]) => void;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

/** Posts a message to the page (window.postMessage with transferred ports). */
export type PostToPage = (message: string, ports: readonly unknown[]) => void;

export function createBridge(ipc: IpcRendererLike, postToPage: PostToPage, platform: string): DesktopBridge {
  // The engine port cannot cross contextBridge; the preload hands it to the page as a window message.
  ipc.on(IPC.enginePort, (event) => postToPage(ENGINE_PORT_MESSAGE, event.ports ?? []));
  const subscribe = <T>(channel: string, listener: (value: T) => void): (() => void) => {
    const l = (_event: unknown, value: unknown) => listener(value as T);
    ipc.on(channel, l);
    return () => void ipc.removeListener(channel, l);
  };
  const bridge: DesktopBridge = {
    version: BRIDGE_VERSION,
    platform,
    openFile: () => ipc.invoke(IPC.openFile) as Promise<OpenedFile | undefined>,
    openRecent: (path) => ipc.invoke(IPC.openRecent, String(path)) as Promise<OpenedFile | undefined>,
    recentFiles: () => ipc.invoke(IPC.recentFiles) as Promise<string[]>,
    saveFile: (name, data) => ipc.invoke(IPC.saveFile, String(name), data) as Promise<string | undefined>,
    openPluginFolder: () => ipc.invoke(IPC.openPluginFolder) as Promise<PluginFiles | undefined>,
    connectEngine: () => ipc.send(IPC.connectEngine),
    onEngineExit: (listener) => subscribe<EngineExit>(IPC.engineExit, listener),
    onMenu: (listener) => subscribe<MenuCommand>(IPC.menu, listener),
    onOpened: (listener) => subscribe<OpenedFile>(IPC.opened, listener),
    openSessionDir: () => ipc.invoke(IPC.openSessionDir) as Promise<string | undefined>,
    sessions: Object.freeze<SessionsApi>({
      recent: () => ipc.invoke(IPC.sessions, 'recent') as ReturnType<SessionsApi['recent']>,
      open: (dir, since) => ipc.invoke(IPC.sessions, 'open', String(dir), Number(since)) as ReturnType<SessionsApi['open']>,
      poll: (dir, since) => ipc.invoke(IPC.sessions, 'poll', String(dir), Number(since)) as ReturnType<SessionsApi['poll']>,
      pause: (dir) => ipc.invoke(IPC.sessions, 'pause', String(dir)) as ReturnType<SessionsApi['pause']>,
      resume: (dir) => ipc.invoke(IPC.sessions, 'resume', String(dir)) as ReturnType<SessionsApi['resume']>,
    }),
  };
  return Object.freeze(bridge);
}
