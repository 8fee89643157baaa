/** The session lifecycle machine: every path the runner relies on. */
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { sessionMachine, sessionStatus } from '../../src/common/session/machine.js';

function actor() {
  const a = createActor(sessionMachine).start();
  return { send: a.send.bind(a), status: () => sessionStatus(a.getSnapshot()), ctx: () => a.getSnapshot().context, final: () => a.getSnapshot().status === 'done' };
}

describe('session machine', () => {
  it('created → running → checkpointing → running on a scheduled checkpoint', () => {
    const a = actor();
    expect(a.status()).toBe('created');
    a.send({ type: 'START' });
    a.send({ type: 'CHECKPOINT' });
    expect(a.status()).toBe('checkpointing');
    a.send({ type: 'SAVED' });
    expect(a.status()).toBe('running');
  });

  it('pauses and stops only through a checkpoint, and resumes from paused', () => {
    const a = actor();
    a.send({ type: 'START' });
    a.send({ type: 'PAUSE', reason: 'signal SIGINT' });
    expect(a.status()).toBe('checkpointing');
    a.send({ type: 'SAVED' });
    expect(a.status()).toBe('paused');
    expect(a.ctx().reason).toBe('signal SIGINT');
    a.send({ type: 'RESUME' });
    expect(a.status()).toBe('running');
    a.send({ type: 'FINISHED' });
    a.send({ type: 'SAVED' });
    expect(a.status()).toBe('stopped');
    expect(a.ctx().reason).toBe('finished');
  });

  it('keeps a pause asked for while a checkpoint is being written', () => {
    const a = actor();
    a.send({ type: 'START' });
    a.send({ type: 'CHECKPOINT' });
    a.send({ type: 'PAUSE', reason: 'disk' });
    a.send({ type: 'SAVED' });
    expect(a.status()).toBe('paused');
    expect(a.ctx().reason).toBe('disk');
  });

  it('faults from any state, and faulted is final', () => {
    const a = actor();
    a.send({ type: 'START' });
    a.send({ type: 'FAULT', message: 'no convergence' });
    expect(a.status()).toBe('faulted');
    expect(a.ctx().error).toBe('no convergence');
    expect(a.final()).toBe(true);
  });
});
