/** dispose() completes every stream, stops every actor and ends a pending run(). */
import { describe, expect, it } from 'vitest';
import { RC_STEP, simulationOf } from './helpers.js';

describe('dispose', () => {
  it('completes signal, error, applied and snapshot streams and stops the actors', () => {
    const sim = simulationOf(RC_STEP, { window: 1e-3 });
    const completed: string[] = [];
    const done = (name: string) => ({ complete: () => completed.push(name) });
    sim.signal$('v(out)').subscribe(done('v(out)'));
    sim.element('c1').signal$('v').subscribe(done('c1.v'));
    sim.errors$.subscribe(done('errors'));
    sim.applied$.subscribe(done('applied'));
    sim.element('r1').snapshot$.subscribe(done('r1.snapshot'));
    sim.runUntil(3e-3);
    const actor = sim.element('c1').actor();
    sim.dispose();
    expect(completed.sort()).toEqual(['applied', 'c1.v', 'errors', 'r1.snapshot', 'v(out)']);
    expect(sim.status).toBe('done');
    expect(actor.getSnapshot().status).toBe('stopped');
    expect(sim.lifecycle.getSnapshot().status).not.toBe('active');
    expect(sim.materialisedActors).toBe(0);
    // Afterwards: sends are refused and new subscriptions complete at once.
    expect(sim.send('r1', { type: 'SET_PARAM', name: 'r', value: 1 })).toBe(false);
    let late = false;
    sim.signal$('v(in)').subscribe({ complete: () => (late = true) });
    expect(late).toBe(true);
    sim.dispose(); // idempotent
  });

  it('ends a pending run() and the stop time completes the signal streams by itself', async () => {
    const sim = simulationOf(RC_STEP, { window: 1e-3 });
    let completed = false;
    sim.signal$('v(out)').subscribe({ complete: () => (completed = true) });
    const run = sim.run();
    await new Promise((r) => setTimeout(r, 5));
    sim.dispose();
    expect(await run).toBe('done');
    expect(completed).toBe(true);
    expect(sim.time).toBeLessThan(20e-3);

    const full = simulationOf(RC_STEP, { window: 5e-3 });
    let ended = false;
    full.signal$('v(out)').subscribe({ complete: () => (ended = true) });
    expect(await full.run()).toBe('done');
    expect(ended).toBe(true);
    full.dispose();
  });
});
