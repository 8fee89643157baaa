/** The browser host: the engine in a Web Worker, files through inputs and downloads. */
import type { Endpoint } from 'comlink';
import type { Host } from './host.js';
import { httpSessions } from './http-sessions.js';

/** More crashes than this within a minute stop the restarts (as the Electron supervisor does). */
const MAX_RESTARTS = 3;

/**
 * `sessionApi`: the path of a same-origin session endpoint (a page served with one, e.g. the end-to-end
 * harness, passes it as ?sessionApi=/api/sessions); without it a browser page cannot open session directories.
 */
export function browserHost(sessionApi?: string): Host {
  const exitListeners: ((reason: string, restarting: boolean) => void)[] = [];
  let crashes: number[] = [];
  return {
    kind: 'browser',
    connectEngine: async () => {
      const worker = new Worker(new URL('../../engine/worker.ts', import.meta.url), { type: 'module', name: 'memflow-engine' });
      // An uncaught error in the worker is a crash: the worker is dropped and the UI starts a new one.
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        worker.terminate();
        const now = Date.now();
        crashes = [...crashes.filter((t) => now - t < 60_000), now];
        const restarting = crashes.length <= MAX_RESTARTS;
        const reason = `the engine failed: ${e.message || 'uncaught error in the engine worker'}`;
        for (const l of exitListeners) l(restarting ? reason : `${reason}; it failed ${crashes.length} times within a minute, so it is not restarted (reload the page)`, restarting);
      });
      return worker as unknown as Endpoint;
    },
    onEngineExit: (listener) => void exitListeners.push(listener),
    saveFile: async (name, data, mime) => {
      const url = URL.createObjectURL(new Blob([data as BlobPart], { type: mime }));
      const a = Object.assign(document.createElement('a'), { href: url, download: name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    recentFiles: async () => [],
    openRecent: async () => undefined,
    onMenu: () => undefined,
    onOpened: () => undefined,
    sessions: sessionApi ? httpSessions(sessionApi) : undefined,
  };
}
