/**
 * The training actor (common/learning/actor.ts) drives a training loop to the same bits as the serial
 * run it wraps (runEqProp, trainMonDeq), with or without a pause; STOP keeps the curve so far; a
 * failing loop ends `failed` with its message; snapshots carry the curve.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  eqpropEpochs,
  eqpropIrisConfig,
  eqpropXorConfig,
  runEqProp,
  settled,
  trainingActor,
  trainingMachine,
  trainThroughActor,
  type EpochLoop,
  type EpochPoint,
  type EqPropConfig,
  type TrainingActor,
} from '../../src/common/learning/index.js';
import { mondeqIrisConfig } from '../../src/common/learning/mondeq/experiments.js';
import { monDeqEpochs, trainMonDeq } from '../../src/common/learning/mondeq/train.js';

const csv = readFileSync(new URL('../../../fixtures/data/iris.csv', import.meta.url), 'utf8');
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Sends PAUSE when the curve reaches `at` points; returns a promise of the curve length while paused. */
function pauseAt(actor: TrainingActor, at: number): Promise<number> {
  return new Promise((resolve) => {
    let sent = false;
    actor.subscribe((s) => {
      if (!sent && s.context.curve.length === at) {
        sent = true;
        actor.send({ type: 'PAUSE' });
      }
      if (s.value === 'paused') {
        // Several turns of the event loop while paused: nothing may advance.
        void (async () => {
          for (let k = 0; k < 5; k++) await macrotask();
          const length = actor.getSnapshot().context.curve.length;
          expect(actor.getSnapshot().value).toBe('paused');
          actor.send({ type: 'RESUME' });
          resolve(length);
        })();
      }
    });
  });
}

async function runWithPause<R>(loop: EpochLoop<R>, total: number, at: number) {
  const actor = trainingActor(loop, total);
  const pausedLength = pauseAt(actor, at);
  actor.start();
  actor.send({ type: 'START' });
  const end = await settled(actor);
  return { end, pausedLength: await pausedLength };
}

const tinyIris = (epochs: number): EqPropConfig => {
  const cfg = eqpropIrisConfig(csv, { epochs, seed: 3 });
  return { ...cfg, data: { ...cfg.data, train: cfg.data.train.slice(0, 20), test: cfg.data.test.slice(0, 12) } };
};

describe('training actor', () => {
  it('XOR: the same bits as runEqProp, with and without a pause/resume in the middle', async () => {
    const cfg = eqpropXorConfig({ epochs: 12 });
    const ref = runEqProp(cfg);
    const plain = await trainThroughActor(eqpropEpochs(cfg), cfg.epochs);
    expect(plain.conductances).toEqual(ref.conductances);
    expect(plain.epochs).toEqual(ref.epochs);
    const { end, pausedLength } = await runWithPause(eqpropEpochs(cfg), cfg.epochs, 6);
    expect(pausedLength).toBe(6); // the pause took effect at the epoch boundary it was sent at
    expect(end.value).toBe('done');
    const r = end.context.result as typeof ref;
    expect(r.conductances).toEqual(ref.conductances);
    expect(r.epochs).toEqual(ref.epochs);
    expect(r.solves).toBe(ref.solves);
    // the snapshot's curve is the result's curve (epoch 0 = before training), progress complete
    expect(end.context.curve).toEqual(ref.epochs.map((s) => ({ epoch: s.epoch, loss: s.loss, trainAccuracy: s.trainAccuracy, testAccuracy: s.testAccuracy })));
    expect(end.context.progress).toBe(1);
  });

  it('tiny Iris EqProp and tiny Iris monDEQ: the same bits as the serial runs across a pause', async () => {
    const iris = tinyIris(2);
    const ref = runEqProp(iris);
    const a = await runWithPause(eqpropEpochs(iris), iris.epochs, 2);
    expect(a.end.value).toBe('done');
    const ra = a.end.context.result as typeof ref;
    expect(ra.conductances).toEqual(ref.conductances);
    expect(ra.confusion).toEqual(ref.confusion);

    const base = mondeqIrisConfig(csv, { quick: true, epochs: 3 });
    const mcfg = { ...base, data: { ...base.data, train: base.data.train.slice(0, 24), test: base.data.test.slice(0, 12) } };
    const mref = trainMonDeq(mcfg);
    const b = await runWithPause(monDeqEpochs(mcfg), mcfg.epochs, 1);
    expect(b.pausedLength).toBe(1);
    expect(b.end.value).toBe('done');
    const rb = b.end.context.result as typeof mref;
    expect(rb.params).toEqual(mref.params);
    expect(rb.epochs).toEqual(mref.epochs);
    expect(rb.final).toEqual(mref.final);
    expect(b.end.context.curve).toEqual(mref.epochs);
  });

  it('STOP ends in `stopped` with the curve so far and releases the loop', async () => {
    const cfg = eqpropXorConfig({ epochs: 20 });
    const ref = runEqProp(eqpropXorConfig({ epochs: 20 }));
    let released = false;
    const inner = eqpropEpochs(cfg);
    const loop: EpochLoop<unknown> = {
      next: () => inner.next(),
      return: (v) => {
        released = true;
        return inner.return(v as never);
      },
    };
    const actor = trainingActor(loop, cfg.epochs);
    actor.subscribe((s) => {
      if (s.context.curve.length === 4) actor.send({ type: 'STOP' });
    });
    actor.start();
    actor.send({ type: 'START' });
    const end = await settled(actor);
    expect(end.value).toBe('stopped');
    expect(end.context.curve).toHaveLength(4);
    expect(end.context.curve.map((p) => p.loss)).toEqual(ref.epochs.slice(0, 4).map((s) => s.loss));
    expect(end.context.progress).toBeCloseTo(3 / 20, 15);
    expect(end.context.result).toBeUndefined();
    expect(released).toBe(true);
  });

  it('PAUSE and STOP sent while an epoch is in flight take effect when it ends', async () => {
    function* three(): Generator<EpochPoint, string, undefined> {
      for (let e = 0; e <= 2; e++) yield { epoch: e, loss: 1, trainAccuracy: 0, testAccuracy: 0 };
      return 'trained';
    }
    const paused = trainingActor(three(), 2).start();
    paused.send({ type: 'START' });
    paused.send({ type: 'PAUSE' }); // epoch 0 is in flight
    await macrotask();
    expect(paused.getSnapshot().value).toBe('paused');
    expect(paused.getSnapshot().context.curve).toHaveLength(1);
    paused.send({ type: 'RESUME' });
    expect((await settled(paused)).context.result).toBe('trained');

    const stopped = trainingActor(three(), 2).start();
    stopped.send({ type: 'START' });
    stopped.send({ type: 'STOP' });
    const end = await settled(stopped);
    expect(end.value).toBe('stopped');
    expect(end.context.curve).toHaveLength(1);
  });

  it('a loop that throws ends in `failed` with its message; trainThroughActor rethrows it', async () => {
    class LoopError extends Error {}
    function* failing(): Generator<EpochPoint, number, undefined> {
      yield { epoch: 0, loss: 1, trainAccuracy: 0, testAccuracy: 0 };
      throw new LoopError('solver diverged at epoch 1');
    }
    const actor = trainingActor(failing(), 3);
    actor.start();
    actor.send({ type: 'START' });
    const end = await settled(actor);
    expect(end.value).toBe('failed');
    expect(end.context.error).toBe('solver diverged at epoch 1');
    expect(end.context.curve).toHaveLength(1);
    await expect(trainThroughActor(failing(), 3)).rejects.toBeInstanceOf(LoopError);
  });

  it('persisted snapshots carry the curve; a restored paused actor resumes from it', async () => {
    function* counting(): Generator<EpochPoint, string, undefined> {
      for (let e = 0; e <= 4; e++) yield { epoch: e, loss: 1 / (e + 1), trainAccuracy: e / 4, testAccuracy: e / 8 };
      return 'trained';
    }
    const actor = trainingActor(counting(), 4);
    const paused = pauseAt(actor, 3);
    actor.start();
    actor.send({ type: 'START' });
    const persisted: unknown[] = [];
    actor.subscribe((s) => {
      if (s.value === 'paused') persisted.push(JSON.parse(JSON.stringify(actor.getPersistedSnapshot())));
    });
    await paused;
    const end = await settled(actor);
    expect(end.context.result).toBe('trained');
    const snap = persisted[0] as { value: string; context: { curve: EpochPoint[]; progress: number } };
    expect(snap.value).toBe('paused');
    expect(snap.context.curve.map((p) => p.epoch)).toEqual([0, 1, 2]);
    expect(snap.context.progress).toBe(2 / 4);
  });

  it('the bare machine: events outside their states are ignored; without a loop START fails clearly', async () => {
    const actor = createActor(trainingMachine, { input: { total: 3 } });
    actor.start();
    actor.send({ type: 'PAUSE' });
    actor.send({ type: 'RESUME' });
    expect(actor.getSnapshot().value).toBe('idle');
    actor.send({ type: 'START' });
    await macrotask();
    expect(actor.getSnapshot().value).toBe('failed');
    expect(actor.getSnapshot().context.error).toMatch(/no training loop provided/);
    const idle = createActor(trainingMachine, { input: { total: 3 } }).start();
    idle.send({ type: 'STOP' });
    expect(idle.getSnapshot().value).toBe('stopped');
  });
});
