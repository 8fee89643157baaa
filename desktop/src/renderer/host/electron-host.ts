/** The Electron host: everything goes through the preload's `window.memflow` bridge. */
import type { Endpoint } from 'comlink';
import { ENGINE_PORT_MESSAGE, type DesktopBridge } from '../../shared/bridge.js';
import type { Host } from './host.js';

export function electronHost(bridge: DesktopBridge): Host {
  return {
    kind: 'electron',
    connectEngine: () =>
      new Promise<Endpoint>((resolve) => {
        const onMessage = (e: MessageEvent): void => {
          if (e.source !== window || e.data !== ENGINE_PORT_MESSAGE || !e.ports[0]) return;
          window.removeEventListener('message', onMessage);
          const port = e.ports[0];
          port.start();
          resolve(port);
        };
        window.addEventListener('message', onMessage);
        bridge.connectEngine();
      }),
    onEngineExit: (listener) => void bridge.onEngineExit((e) => listener(e.reason, e.restarting)),
    openFile: () => bridge.openFile(),
    openPluginFolder: () => bridge.openPluginFolder(),
    saveFile: async (name, data) => void (await bridge.saveFile(name, data)),
    recentFiles: () => bridge.recentFiles(),
    openRecent: (path) => bridge.openRecent(path),
    onMenu: (listener) => void bridge.onMenu(listener),
    onOpened: (listener) => void bridge.onOpened(listener),
    sessions: bridge.sessions,
    openSessionDir: () => bridge.openSessionDir(),
  };
}
