/**
 * What the UI needs from where it runs: an engine endpoint and file access. Electron (the preload
 * bridge, engine in a utility process) and a plain browser page (engine in a Web Worker) both provide it.
 */
import type { Endpoint } from 'comlink';
import type { MenuCommand, OpenedFile } from '../../shared/bridge.js';
import type { PluginFiles } from '../../shared/engine-api.js';
import type { SessionsApi } from '../../shared/sessions-api.js';

export interface Host {
  readonly kind: 'electron' | 'browser';
  /** Starts (or connects to) an engine; resolves to a comlink endpoint for it. */
  connectEngine(): Promise<Endpoint>;
  /** Called when the engine dies; `restarting` tells whether a new one is on its way. */
  onEngineExit(listener: (reason: string, restarting: boolean) => void): void;
  /** A file picker (undefined: the UI shows its own file input instead). */
  readonly openFile?: () => Promise<OpenedFile | undefined>;
  /** A folder picker for plugins (undefined: the UI shows a directory input instead). */
  readonly openPluginFolder?: () => Promise<PluginFiles | undefined>;
  saveFile(name: string, data: string | Uint8Array, mime: string): Promise<void>;
  recentFiles(): Promise<string[]>;
  openRecent(path: string): Promise<OpenedFile | undefined>;
  onMenu(listener: (command: MenuCommand) => void): void;
  onOpened(listener: (file: OpenedFile) => void): void;
  /** Session directories (undefined: this host cannot reach a file system; the view says so). */
  readonly sessions?: SessionsApi;
  /** A folder picker for a session directory (undefined: the view takes a typed path). */
  readonly openSessionDir?: () => Promise<string | undefined>;
}
