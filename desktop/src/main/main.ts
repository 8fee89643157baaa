/**
 * Electron main process: windows, menu, file dialogs, recent files and the engine's supervision. It runs
 * no simulation: the engine lives in a utility process that each window reaches over its own
 * MessagePort (comlink on both ends).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, utilityProcess, type MenuItemConstructorOptions } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC, type MenuCommand, type OpenedFile } from '../shared/bridge.js';
import { menuTemplate } from './menu.js';
import { readPluginFolder } from './plugin-folder.js';
import { RecentFiles, type TextStore } from './recent-files.js';
import { callSessions } from './session-calls.js';
import { SessionService } from './sessions.js';
import { EngineSupervisor, type EngineProcess } from './supervisor.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** A JSON file in the app's user-data folder. */
function userDataFile(name: string): TextStore {
  return {
    read: () => {
      try {
        return readFileSync(join(app.getPath('userData'), name), 'utf8');
      } catch {
        return undefined;
      }
    },
    write: (text) => writeFileSync(join(app.getPath('userData'), name), text),
  };
}

const recent = new RecentFiles(userDataFile('recent-files.json'));

// Session directories are read here, in main, not in the engine process: the engine is browser code
// (it also runs as a Web Worker) and must stay free of Node. Resume runs the memflow CLI with Electron's
// own Node (ELECTRON_RUN_AS_NODE); MEMFLOW_CLI points elsewhere (e.g. an installed memflow).
const sessions = new SessionService({
  cli: { command: process.execPath, args: [process.env.MEMFLOW_CLI ?? join(app.getAppPath(), '../core/bin/memflow.js')], env: { ELECTRON_RUN_AS_NODE: '1' } },
  logDir: join(app.getPath('userData'), 'session-logs'),
  recent: new RecentFiles(userDataFile('recent-sessions.json')),
});

function spawnEngine(): EngineProcess {
  const child = utilityProcess.fork(join(here, 'utility.js'), [], { serviceName: 'memflow engine' });
  return {
    connect: (port) => child.postMessage(null, [port as Electron.MessagePortMain]),
    onExit: (listener) => child.on('exit', listener),
    kill: () => void child.kill(),
  };
}

const supervisor = new EngineSupervisor({
  spawn: spawnEngine,
  onCrash: (reason, restarting) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(IPC.engineExit, { reason, restarting });
  },
});

function connectEngine(target: Electron.WebContents): void {
  const { port1, port2 } = new MessageChannelMain();
  supervisor.connect(port1);
  target.postMessage(IPC.enginePort, null, [port2]);
}

function readOpened(path: string): OpenedFile {
  const file = { path, name: basename(path), text: readFileSync(path, 'utf8') };
  recent.add(path);
  buildMenu();
  return file;
}

function send(command: MenuCommand): void {
  BrowserWindow.getFocusedWindow()?.webContents.send(IPC.menu, command);
}

function buildMenu(): void {
  const template = menuTemplate(send, recent.get(), (path) => BrowserWindow.getFocusedWindow()?.webContents.send(IPC.opened, readOpened(path)), process.platform === 'darwin');
  Menu.setApplicationMenu(Menu.buildFromTemplate(template as MenuItemConstructorOptions[]));
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'memflow',
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  // Navigation away from the app and new windows are refused: the renderer is a single local page.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(here, '../renderer/index.html'));
}

ipcMain.handle(IPC.openFile, async (e) => {
  const win = BrowserWindow.fromWebContents(e.sender)!;
  const r = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: [{ name: 'Netlists and networks', extensions: ['cir', 'sp', 'net', 'json'] }] });
  return r.canceled || !r.filePaths[0] ? undefined : readOpened(r.filePaths[0]);
});
ipcMain.handle(IPC.openRecent, (_e, path: string) => (recent.get().includes(path) ? readOpened(path) : undefined));
ipcMain.handle(IPC.recentFiles, () => recent.get());
ipcMain.handle(IPC.saveFile, async (e, name: string, data: string | Uint8Array) => {
  const win = BrowserWindow.fromWebContents(e.sender)!;
  const r = await dialog.showSaveDialog(win, { defaultPath: name });
  if (r.canceled || !r.filePath) return undefined;
  writeFileSync(r.filePath, data);
  return r.filePath;
});
ipcMain.handle(IPC.openPluginFolder, async (e) => {
  const win = BrowserWindow.fromWebContents(e.sender)!;
  const r = await dialog.showOpenDialog(win, { properties: ['openDirectory'] });
  return r.canceled || !r.filePaths[0] ? undefined : readPluginFolder(r.filePaths[0]);
});
ipcMain.on(IPC.connectEngine, (e) => connectEngine(e.sender));
ipcMain.handle(IPC.openSessionDir, async (e) => {
  const win = BrowserWindow.fromWebContents(e.sender)!;
  const r = await dialog.showOpenDialog(win, { title: 'Open a session directory', properties: ['openDirectory'] });
  return r.canceled || !r.filePaths[0] ? undefined : r.filePaths[0];
});
ipcMain.handle(IPC.sessions, (_e, method: unknown, ...args: unknown[]) => callSessions(sessions, method, args));

app.whenReady().then(() => {
  buildMenu();
  createWindow();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow());
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('before-quit', () => supervisor.shutdown());
