/**
 * Piscina worker: runs one characterisation job and moves its typed arrays back to the caller
 * (transferred, not copied). Loaded by file name — `dist/node/workers/characterise-worker.js` from the
 * tsc build, or its one-file bundle next to the CLI bundle (scripts/bundle-cli.mjs).
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { defaultRegistry } from '../load.js';
import { resultBuffers, runCharacteriseTask, type CharacteriseTask, type TaskReply } from './characterise-task.js';

const registry = defaultRegistry();

export default function characteriseWorker(task: CharacteriseTask): TaskReply {
  const reply = runCharacteriseTask(registry, task);
  if (!reply.ok) return reply;
  // Piscina unwraps a moved value and posts it with these buffers in the transfer list.
  return move({ [transferableSymbol]: resultBuffers(reply.result), [valueSymbol]: reply }) as unknown as TaskReply;
}
