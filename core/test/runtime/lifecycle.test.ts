/** Lifecycles: the simulation's (created → running ⇄ paused → done | faulted) and the elements'. */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { elementMachine, elementStatus, simulationMachine } from '../../src/index.js';
import { RC_STEP, simulationOf } from './helpers.js';

describe('simulation lifecycle machine (pure)', () => {
  it('created → running ⇄ paused → done, and FAIL → faulted with its message', () => {
    const a = createActor(simulationMachine).start();
    a.send({ type: 'PAUSE' });
    expect(a.getSnapshot().value).toBe('created');
    a.send({ type: 'START' });
    expect(a.getSnapshot().value).toBe('running');
    a.send({ type: 'PAUSE' });
    expect(a.getSnapshot().value).toBe('paused');
    a.send({ type: 'RESUME' });
    expect(a.getSnapshot().value).toBe('running');
    a.send({ type: 'STOP' });
    expect(a.getSnapshot().value).toBe('done');
    expect(a.getSnapshot().status).toBe('done');
    const b = createActor(simulationMachine).start();
    b.send({ type: 'START' });
    b.send({ type: 'FAIL', message: 'boom' });
    expect(b.getSnapshot().value).toBe('faulted');
    expect(b.getSnapshot().context.error).toBe('boom');
  });

  it('element: ready → running ⇄ paused following the simulation; FAULT / CLEAR_FAULT; REMOVE', () => {
    const a = createActor(elementMachine, { input: { id: 'r1', sim: 'created' } }).start();
    expect(elementStatus(a.getSnapshot())).toBe('ready');
    a.send({ type: 'SIM', status: 'running' });
    expect(elementStatus(a.getSnapshot())).toBe('running');
    a.send({ type: 'SIM', status: 'paused' });
    expect(elementStatus(a.getSnapshot())).toBe('paused');
    a.send({ type: 'SIM', status: 'running' });
    expect(a.getSnapshot().can({ type: 'CLEAR_FAULT' })).toBe(false);
    a.send({ type: 'FAULT', reason: 'open circuit' });
    expect(elementStatus(a.getSnapshot())).toBe('faulted');
    expect(a.getSnapshot().context.faultReason).toBe('open circuit');
    a.send({ type: 'SIM', status: 'paused' });
    expect(elementStatus(a.getSnapshot())).toBe('faulted');
    a.send({ type: 'CLEAR_FAULT' });
    expect(elementStatus(a.getSnapshot())).toBe('paused');
    a.send({ type: 'REMOVE' });
    expect(elementStatus(a.getSnapshot())).toBe('removed');
    expect(a.getSnapshot().can({ type: 'SET_PARAM', name: 'r', value: 1 })).toBe(false);
  });
});

describe('Simulation lifecycle', () => {
  it('runUntil steps whole windows while running and ends done at tstop', () => {
    const sim = simulationOf(RC_STEP, { window: 1e-3 });
    expect(sim.status).toBe('created');
    expect(sim.runUntil(4e-3)).toBe('running');
    expect(sim.time).toBeGreaterThanOrEqual(4e-3);
    expect(sim.time).toBeLessThan(4.1e-3);
    sim.pause();
    expect(sim.status).toBe('paused');
    const t = sim.time;
    expect(sim.runUntil(8e-3)).toBe('paused');
    expect(sim.time).toBe(t);
    sim.resume();
    expect(sim.runUntil(Infinity)).toBe('done');
    expect(sim.time).toBe(20e-3);
    expect(sim.stats.windows).toBe(20);
    sim.dispose();
  });

  it('run() yields between windows, waits while paused and resolves done; elements follow the simulation', async () => {
    const sim = simulationOf(RC_STEP, { window: 1e-3 });
    const c1 = sim.element('C1');
    expect(c1.status).toBe('ready');
    const statuses: string[] = [];
    c1.snapshot$.subscribe((s) => statuses.push(s.value === 'removed' ? 'removed' : (s.value as { live: string }).live));
    const done = sim.run();
    expect(sim.status).toBe('running');
    expect(sim.time).toBe(0); // nothing ran yet: run() is asynchronous
    await new Promise((r) => setTimeout(r, 0));
    sim.pause();
    const t = sim.time;
    expect(t).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(sim.time).toBe(t);
    expect(c1.status).toBe('paused');
    sim.resume();
    expect(await done).toBe('done');
    expect(sim.time).toBe(20e-3);
    expect(statuses).toEqual(['ready', 'running', 'paused', 'running', 'paused']);
    sim.dispose();
  });

  it('STOP ends a run early; a kernel failure faults the simulation and is reported', () => {
    const sim = simulationOf(RC_STEP, { window: 1e-3 });
    sim.runUntil(2e-3);
    sim.stop();
    expect(sim.status).toBe('done');
    expect(sim.runUntil(Infinity)).toBe('done');
    expect(sim.time).toBeLessThan(3e-3);
    sim.dispose();

    // An ideal voltage source loop has no solution: the operating point fails in the first window.
    const bad = simulationOf(`* loop\nV1 a 0 DC 1\nV2 a 0 DC 2\nR1 a 0 1k\n.tran 1u 1m\n.end\n`, { window: 1e-4 });
    const errors: string[] = [];
    bad.errors$.subscribe((e) => errors.push(e.message));
    expect(bad.runUntil(Infinity)).toBe('faulted');
    expect(errors.length).toBe(1);
    expect(bad.lifecycle.getSnapshot().context.error).toBe(errors[0]);
    bad.dispose();
  });
});
