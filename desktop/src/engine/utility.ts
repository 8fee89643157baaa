/**
 * The engine in an Electron utility process (main forks it, see main/supervisor.ts). The main process
 * sends one end of a MessageChannel for each renderer that connects; each is served by comlink with
 * the same EngineCore (one session per engine process).
 */
import * as Comlink from 'comlink';
import { EngineCore } from './engine.js';
import { portEndpoint, type MainPortLike } from './port-endpoint.js';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown; ports: MainPortLike[] }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const core = new EngineCore();
parentPort?.on('message', (e) => {
  for (const port of e.ports) Comlink.expose(core, portEndpoint(port));
});
