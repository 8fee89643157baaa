/**
 * The one bridge between the sandboxed renderer and the Electron main process: what the preload script
 * exposes as `window.memflow` (see preload/bridge.ts) and the IPC channels behind it. Types and constants
 * only, so main, preload and renderer can all import it.
 */
import type { PluginFiles } from './engine-api.js';
import type { SessionsApi } from './sessions-api.js';

export const BRIDGE_VERSION = 1;

export const IPC = {
  openFile: 'memflow:open-file',
  openRecent: 'memflow:open-recent',
  recentFiles: 'memflow:recent-files',
  saveFile: 'memflow:save-file',
  openPluginFolder: 'memflow:open-plugin-folder',
  connectEngine: 'memflow:connect-engine',
  /** main → renderer: a MessagePort to the engine (forwarded to the page with window.postMessage). */
  enginePort: 'memflow:engine-port',
  /** main → renderer: the engine process exited. */
  engineExit: 'memflow:engine-exit',
  /** main → renderer: a menu command. */
  menu: 'memflow:menu',
  /** main → renderer: a file opened from the menu (recent files). */
  opened: 'memflow:opened',
  /** A folder dialog for a session directory. */
  openSessionDir: 'memflow:open-session-dir',
  /** A SessionsApi call: (method, ...args). */
  sessions: 'memflow:sessions',
} as const;

/** The message the preload posts to the page, carrying the engine port in `ports`. */
export const ENGINE_PORT_MESSAGE = 'memflow:engine-port';

export interface OpenedFile {
  readonly path: string;
  readonly name: string;
  readonly text: string;
}

export type MenuCommand = 'open' | 'save-session' | 'snapshot' | 'restore' | 'run' | 'pause' | 'stop' | 'generate' | 'plugins' | 'export-csv' | 'open-session';

export interface EngineExit {
  /** Exit code (or the reason) of the engine process. */
  readonly reason: string;
  /** Whether the main process is starting a new engine. */
  readonly restarting: boolean;
}

/** `window.memflow` in the Electron renderer. Every value is data; nothing exposes Node or Electron objects. */
export interface DesktopBridge {
  readonly version: typeof BRIDGE_VERSION;
  readonly platform: string;
  openFile(): Promise<OpenedFile | undefined>;
  openRecent(path: string): Promise<OpenedFile | undefined>;
  recentFiles(): Promise<string[]>;
  /** Shows a save dialog; resolves to the chosen path, or undefined when cancelled. */
  saveFile(suggestedName: string, data: string | Uint8Array): Promise<string | undefined>;
  openPluginFolder(): Promise<PluginFiles | undefined>;
  /** Asks main for a port to the engine; it arrives as a window message ENGINE_PORT_MESSAGE. */
  connectEngine(): void;
  onEngineExit(listener: (exit: EngineExit) => void): () => void;
  onMenu(listener: (command: MenuCommand) => void): () => void;
  /** Files opened from the menu's recent list. */
  onOpened(listener: (file: OpenedFile) => void): () => void;
  /** A folder dialog; resolves to the chosen session directory, or undefined when cancelled. */
  openSessionDir(): Promise<string | undefined>;
  /** Session directories, read and controlled by the main process. */
  readonly sessions: SessionsApi;
}
