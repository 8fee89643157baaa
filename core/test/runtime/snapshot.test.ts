/**
 * snapshot() / restore(): a simulation restored from a structured clone of its snapshot continues with
 * exactly the bits of the uninterrupted run — here the self-wiring network mid-run, with a rule, a
 * fault, a watched state, a restructured (re-compiled, re-clocked) kernel and an event still queued.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatChunks, selfWiringRule, Simulation, type DeviceEvent, type AppliedEvent } from '../../src/index.js';
import { REPO } from '../solver/run-helpers.js';
import { collect, registry, sameBits, simulationOf } from './helpers.js';

const FIXTURE = readFileSync(join(REPO, 'fixtures/examples/self-wiring.cir'), 'utf8');
const rule = selfWiringRule;

const PROBES = ['v(n1)', 'v(n2)', 'v(n3)', 'v(n4)', 'x(syn_n1_n3)'];

/** The scripted session: events at fixed window ends, whatever the run is split into. */
function script(sim: Simulation, windowIndex: number): void {
  if (windowIndex === 2) sim.send('ri4', { type: 'FAULT', reason: 'cut' });
  if (windowIndex === 5) sim.send('rl2', { type: 'SET_PARAM', name: 'r', value: 15e3 });
  if (windowIndex === 7) sim.send('ri4', { type: 'CLEAR_FAULT' });
}

interface Record_ {
  t: Float64Array;
  values: Float64Array[];
  device: string[];
  applied: string[];
}

function attach(sim: Simulation) {
  const recs = PROBES.map((p) => collect(sim.signal$(p)));
  const device: string[] = [];
  const applied: string[] = [];
  sim.deviceEvents$.subscribe((e: DeviceEvent) => device.push(`${e.element} ${e.name} ${e.direction} ${e.time}`));
  sim.applied$.subscribe((e: AppliedEvent) => applied.push(`${e.time} ${e.element} ${e.event.type}`));
  return () => ({ t: concatChunks(recs[0].chunks).t, values: recs.map((r) => concatChunks(r.chunks).values), device, applied });
}

/** Runs windows [from, to), sending the script's events at the start of each (from `scriptFrom` on). */
function runWindows(sim: Simulation, from: number, to: number, scriptFrom = from): void {
  for (let w = from; w < to && sim.status !== 'done'; w++) {
    if (w >= scriptFrom) script(sim, w);
    sim.runUntil((w + 1) * 1e-3 - 1e-9);
  }
}

describe('runtime snapshot / restore', () => {
  it('continues bit-identically from a structured clone, mid-run, with rules, faults, watches and a queued event', () => {
    const full = simulationOf(FIXTURE, { window: 1e-3 });
    full.addRule('growth', rule());
    full.watch({ element: 'syn_n1_n3', level: 0.9, name: 'x>0.9' });
    const a = attach(full);
    runWindows(full, 0, 13);
    const A: Record_ = a();
    expect(full.status).toBe('done');

    const first = simulationOf(FIXTURE, { window: 1e-3 });
    first.addRule('growth', rule());
    first.watch({ element: 'syn_n1_n3', level: 0.9, name: 'x>0.9' });
    const b = attach(first);
    runWindows(first, 0, 5);
    script(first, 5);
    // The SET_PARAM of window 5 is still queued; ri4 is faulted; syn_n1_n2 has grown (restructured).
    const snap = first.snapshot();
    expect(snap.queue.map((q) => q.event.type)).toEqual(['SET_PARAM']);
    expect(snap.faulted).toEqual(['ri4']);
    expect(snap.stats.restructures).toBeGreaterThan(0); // taken after the circuit was re-compiled
    expect(snap.kernel).toBeDefined();
    const B1 = b();
    first.dispose();

    const restored = Simulation.restore(structuredClone(snap), registry.lookup, { rules: { growth: rule() } });
    const c = attach(restored);
    runWindows(restored, 5, 13, 6);
    const B2 = c();
    expect(restored.status).toBe('done');

    const t = Float64Array.from([...B1.t, ...B2.t]);
    expect(sameBits(t, A.t)).toBe(true);
    PROBES.forEach((_, k) => expect(sameBits(Float64Array.from([...B1.values[k], ...B2.values[k]]), A.values[k])).toBe(true));
    expect([...B1.device, ...B2.device]).toEqual(A.device);
    expect(A.device.length).toBeGreaterThan(0);
    expect([...B1.applied, ...B2.applied]).toEqual(A.applied);
    expect(restored.rule('growth')!.getSnapshot().context).toEqual(full.rule('growth')!.getSnapshot().context);
    expect(restored.element('ri4').actor().getSnapshot().context).toEqual(full.element('ri4').actor().getSnapshot().context);
    expect(restored.elementIds()).toEqual(full.elementIds());
    expect(restored.stats).toEqual(full.stats);
    full.dispose();
    restored.dispose();
  });

  it('a snapshot before the first window restores too; a rule without its machine is refused', () => {
    const sim = simulationOf(FIXTURE, { window: 1e-3 });
    sim.addRule('growth', rule());
    const snap = sim.snapshot();
    expect(snap.kernel).toBeUndefined();
    expect(() => Simulation.restore(snap, registry.lookup)).toThrow(/rule 'growth': pass its machine in options.rules/);
    expect(() => Simulation.restore({ ...snap, format: 'x' } as never, registry.lookup)).toThrow(/not a runtime snapshot/);
    const again = Simulation.restore(snap, registry.lookup, { rules: { growth: rule() } });
    const x = collect(again.signal$('v(n1)'));
    const y = collect(sim.signal$('v(n1)'));
    again.runUntil(Infinity);
    sim.runUntil(Infinity);
    expect(sameBits(concatChunks(x.chunks).values, concatChunks(y.chunks).values)).toBe(true);
    sim.dispose();
    again.dispose();
  });
});
