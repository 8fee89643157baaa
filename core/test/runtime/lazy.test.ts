/** Virtual actors: every element is addressable, but its actor exists only once it is touched. */
import { describe, expect, it } from 'vitest';
import { simulationOf } from './helpers.js';

/** A source and `count − 1` resistors from its node to ground. */
function bigNetwork(count: number): string {
  const resistors = Array.from({ length: count - 1 }, (_, k) => `R${k + 1} in 0 ${k + 1}k`);
  return ['* many elements', 'V1 in 0 PULSE(0 1 0 1n 1n 1 2)', ...resistors, '.tran 10u 1m', '.end', ''].join('\n');
}

describe('lazy element actors', () => {
  it('a 1,000-element network materialises no actor until one is touched', () => {
    const sim = simulationOf(bigNetwork(1000), { window: 1e-4 });
    expect(sim.elementIds().length).toBe(1000);
    expect(sim.materialisedActors).toBe(0);
    sim.runUntil(5e-4);
    // Addressing, reading status and parameters touches nothing.
    const r500 = sim.element('R500');
    expect(r500.status).toBe('running');
    expect(r500.param('r')).toBe(500e3);
    expect(r500.materialised).toBe(false);
    expect(sim.materialisedActors).toBe(0);
    // Sending materialises exactly the addressee.
    expect(r500.send({ type: 'SET_PARAM', name: 'r', value: 1e3 })).toBe(true);
    expect(sim.materialisedActors).toBe(1);
    expect(r500.materialised).toBe(true);
    expect(r500.actor().getSnapshot().value).toEqual({ live: 'running' });
    // Creating a signal stream does not materialise; subscribing does.
    const s$ = sim.element('R7').signal$('i');
    expect(sim.materialisedActors).toBe(1);
    const sub = s$.subscribe(() => {});
    expect(sim.materialisedActors).toBe(2);
    // A node signal belongs to no element.
    sim.signal$('v(in)').subscribe(() => {});
    expect(sim.materialisedActors).toBe(2);
    sub.unsubscribe();
    expect(sim.runUntil(Infinity)).toBe('done');
    expect(sim.element('R500').param('r')).toBe(1e3);
    expect(sim.materialisedActors).toBe(2);
    sim.dispose();
  });

  it('a dormant element reports the same status its materialised actor starts in', () => {
    const sim = simulationOf(bigNetwork(10), { window: 1e-4 });
    expect(sim.element('r1').status).toBe('ready');
    sim.runUntil(1e-4);
    sim.pause();
    const dormant = sim.element('r2').status;
    expect(sim.element('r2').actor() && sim.element('r2').status).toBe(dormant);
    expect(dormant).toBe('paused');
    sim.dispose();
  });
});
