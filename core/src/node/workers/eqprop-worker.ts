/**
 * Piscina worker answering EqProp batch jobs (core/src/common/learning/train.ts): the same
 * `answerJob` the serial run calls, on a trainer built once per set-up and reused across tasks.
 * Loaded by file name — dist/node/workers/eqprop-worker.js from the tsc build, or its one-file bundle
 * next to the CLI bundle (scripts/bundle-cli.mjs).
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { Prng } from '../../common/random/prng.js';
import { answerJob, trainerFor, type BatchAnswer, type BatchJob, type TrainerSetup } from '../../common/learning/train.js';
import type { EqPropTrainer } from '../../common/learning/eqprop.js';

export interface EqPropTask {
  readonly setup: TrainerSetup;
  readonly job: BatchJob;
}

const trainers = new Map<string, EqPropTrainer>();

export default function eqpropWorker(task: EqPropTask): BatchAnswer {
  const key = JSON.stringify(task.setup);
  let tr = trainers.get(key);
  if (!tr) {
    tr = trainerFor(task.setup, new Prng(0));
    trainers.set(key, tr);
  }
  const answer = answerJob(tr, task.job);
  const buffers = [answer.loss, answer.predicted, ...(answer.estimates ? [answer.estimates] : [])].map((a) => a.buffer as ArrayBuffer);
  return move({ [transferableSymbol]: buffers, [valueSymbol]: answer }) as unknown as BatchAnswer;
}
