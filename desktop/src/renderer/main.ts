/** Renderer entry: picks the host (Electron's bridge when the preload exposed it, else a Web Worker). */
import type { DesktopBridge } from '../shared/bridge.js';
import { App } from './app.js';
import { browserHost } from './host/browser-host.js';
import { electronHost } from './host/electron-host.js';

const bridge = (window as unknown as { memflow?: DesktopBridge }).memflow;
// A same-origin path only: the page's CSP refuses other origins anyway.
const sessionApi = new URLSearchParams(location.search).get('sessionApi') ?? undefined;
const app = new App(document.getElementById('app')!, bridge ? electronHost(bridge) : browserHost(sessionApi?.startsWith('/') ? sessionApi : undefined));
// Read-only handle for the end-to-end tests and the developer console.
(window as unknown as { memflowApp: App }).memflowApp = app;
app.start().catch((err) => app.errors.error(`internal error (please report it): ${err instanceof Error ? err.stack : String(err)}`));
