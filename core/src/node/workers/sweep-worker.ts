/**
 * Piscina worker of parameter sweeps: runs one sweep point (common/sweep/point.ts) and moves its
 * columns back to the caller (transferred, not copied).
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { runSweepPoint, type SweepPointInput } from '../../common/sweep/point.js';
import { defaultRegistry } from '../load.js';
import { replyOf } from '../sweep/worker-reply.js';

const registry = defaultRegistry();

export default function sweepWorker(input: SweepPointInput): unknown {
  const reply = replyOf(() => runSweepPoint(input, registry.lookup));
  if (!reply.ok) return reply;
  const buffers = [...new Set(reply.result.data.map((d) => d.buffer as ArrayBuffer))];
  return move({ [transferableSymbol]: buffers, [valueSymbol]: reply });
}
