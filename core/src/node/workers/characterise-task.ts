/**
 * One characterisation job (a model at one drive frequency), as the worker pool and the in-process
 * runner both execute it: the same function on both sides, so their results are bit-identical.
 * Failures travel as data — an error's class does not survive a thread boundary, and the CLI needs it
 * for the exit code (2 bad input, 3 no convergence, 1 internal fault).
 */
import { characterise, type DriveSpec, type LoopResult } from '../../common/characterise/loop.js';
import type { DeviceRegistry } from '../../common/compiler/index.js';
import { CircuitError, ConvergenceError } from '../../common/solver/errors.js';

export interface CharacteriseTask {
  readonly modelId: string;
  readonly drive: DriveSpec;
}

export interface TaskFailure {
  readonly kind: 'input' | 'convergence' | 'internal';
  readonly message: string;
  readonly stack?: string;
}

export type TaskReply = { readonly ok: true; readonly result: LoopResult } | { readonly ok: false; readonly failure: TaskFailure };

export function runCharacteriseTask(registry: DeviceRegistry, task: CharacteriseTask): TaskReply {
  try {
    const model = registry.get(task.modelId);
    if (!model) throw new CircuitError(`unknown device model '${task.modelId}'`);
    return { ok: true, result: characterise(model, registry.lookup, task.drive) };
  } catch (err) {
    const kind = err instanceof ConvergenceError ? 'convergence' : err instanceof CircuitError ? 'input' : 'internal';
    const e = err instanceof Error ? err : new Error(String(err));
    return { ok: false, failure: { kind, message: e.message, stack: e.stack } };
  }
}

/** The error a failure stands for, its message prefixed with what was being run. */
export function failureError(failure: TaskFailure, what: string): Error {
  const message = `${what}: ${failure.message}`;
  if (failure.kind === 'convergence') return new ConvergenceError(message);
  if (failure.kind === 'input') return new CircuitError(message);
  const err = new Error(message);
  if (failure.stack) err.stack = `Error: ${message}\n${failure.stack.split('\n').slice(1).join('\n')}`;
  return err;
}

/** The distinct buffers under a result's arrays: moved to the caller, never copied. */
export function resultBuffers(result: LoopResult): ArrayBuffer[] {
  const arrays = [result.time, result.v, result.i, ...Object.values(result.states)];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
