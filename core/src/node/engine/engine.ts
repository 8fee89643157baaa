/**
 * Starts the engine worker (engine-worker.ts) from the main thread and returns its typed comlink remote.
 * `dispose()` terminates the worker, so nothing keeps the process alive afterwards.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import type { SignalChunk } from '../../common/runtime/index.js';
import type { EngineWorker } from './engine-worker.js';
import { nodeEndpoint } from './node-endpoint.js';

export type { ChunkCallback, EngineLoadOptions, EngineStatus, ParamReply } from './engine-api.js';
export type EngineRemote = Comlink.Remote<EngineWorker>;

export interface Engine {
  /** The worker's API; every call is asynchronous. Pass callbacks to `subscribe` via `listen`. */
  readonly remote: EngineRemote;
  readonly worker: Worker;
  /** Subscribes `callback` to a signal in the worker (wraps it in a comlink proxy); resolves to the id. */
  listen(probe: string, callback: (chunk: SignalChunk) => void): Promise<number>;
  /** Terminates the worker; resolves with its exit code. Idempotent. */
  dispose(): Promise<number>;
}

/**
 * The built worker module: beside this file in dist/, and — for the TypeScript sources run by vitest —
 * the tsc build of it (run `tsc -b` first).
 */
export function engineWorkerFile(moduleUrl: string = import.meta.url): string {
  const rel = moduleUrl.endsWith('.ts') ? '../../../dist/node/engine/engine-worker.js' : './engine-worker.js';
  return fileURLToPath(new URL(rel, moduleUrl));
}

export function startEngine(options: { workerFile?: string } = {}): Engine {
  const worker = new Worker(options.workerFile ?? engineWorkerFile());
  const remote = Comlink.wrap<EngineWorker>(nodeEndpoint(worker));
  let exit: Promise<number> | undefined;
  return {
    remote,
    worker,
    listen: (probe, callback) => remote.subscribe(probe, Comlink.proxy(callback)),
    dispose: () => {
      exit ??= (async () => {
        remote[Comlink.releaseProxy]();
        return worker.terminate();
      })();
      return exit;
    },
  };
}
