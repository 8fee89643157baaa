/** Preload (sandboxed): exposes the one bridge, nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld(
  'memflow',
  createBridge(ipcRenderer, (message, ports) => window.postMessage(message, '*', ports as MessagePort[]), process.platform),
);
