/**
 * A network that rewires itself while it runs (fixtures/examples/self-wiring.cir + the growth rule):
 * synapses grow between co-active neurons and a weak one is pruned. Across every change, KCL holds at
 * every neuron at every accepted point (currents from the device laws, computed here independently:
 * Ohm's law and the HP memristor's R(x) = ron·x + roff·(1 − x)), and every surviving memristor state
 * is continuous: it moves across a change no more than its own rate allows over that step.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SELF_WIRING, selfWiringRule, type GrowthContext, type Restructured, type SignalChunk } from '../../src/index.js';
import { REPO } from '../solver/run-helpers.js';
import { simulationOf } from './helpers.js';

const FIXTURE = readFileSync(join(REPO, 'fixtures/examples/self-wiring.cir'), 'utf8');
const { ron: RON, roff: ROFF, k: K, neurons: NEURONS } = SELF_WIRING;
const resistance = (x: number) => RON * x + ROFF * (1 - x);

/** Time → value of every chunk of a stream. */
function series(into: Map<string, Map<number, number>>, key: string) {
  const m = new Map<number, number>();
  into.set(key, m);
  return (c: SignalChunk) => c.t.forEach((t, k) => m.set(t, c.values[k]));
}

describe('self-wiring network', () => {
  it('grows and prunes synapses while running; KCL holds and states are continuous across every change', () => {
    const sim = simulationOf(FIXTURE, { window: 1e-3 });
    const errors: string[] = [];
    sim.errors$.subscribe((e) => errors.push(e.message));
    const rule = sim.addRule('growth', selfWiringRule());
    const data = new Map<string, Map<number, number>>();
    for (const n of NEURONS) sim.signal$(`v(${n})`).subscribe(series(data, `v(${n})`));
    for (let k = 1; k <= 4; k++) sim.signal$(`v(s${k})`).subscribe(series(data, `v(s${k})`));
    for (const id of ['syn_n1_n3', 'syn_n3_n4']) sim.element(id).signal$('x').subscribe(series(data, id));
    const changes: Restructured[] = [];
    sim.restructured$.subscribe((r) => {
      changes.push(r);
      // A grown synapse is recorded from the next window on.
      for (const label of r.fresh) {
        const id = /^x\((syn_[^.]+)\.x\)$/.exec(label)?.[1];
        if (id) sim.element(id).signal$('x').subscribe(series(data, id));
      }
    });
    expect(sim.runUntil(Infinity)).toBe('done');
    expect(errors).toEqual([]);

    // What the rule did, at which window ends.
    const ctx = rule.getSnapshot().context as GrowthContext;
    expect(ctx.grown).toEqual(['syn_n1_n2', 'syn_n2_n3']);
    expect(ctx.pruned).toEqual(['syn_n3_n4']);
    expect(changes.map((c) => [Math.round(c.time * 1e3), c.fresh])).toEqual([
      [3, ['x(syn_n1_n2.x)']],
      [6, ['x(syn_n2_n3.x)']],
    ]);
    expect(sim.elementIds().filter((id) => id.startsWith('syn_'))).toEqual(['syn_n1_n3', 'syn_n1_n2', 'syn_n2_n3']);
    expect(sim.element('syn_n3_n4').status).toBe('removed');

    // KCL at every neuron, at every accepted point before and after the changes.
    const synapses = [...data.keys()].filter((k) => k.startsWith('syn_'));
    const times = [...data.get('v(n1)')!.keys()];
    let worst = 0;
    let points = 0;
    for (const t of times) {
      const v = (n: string) => data.get(`v(${n})`)!.get(t)!;
      const sum = new Map(NEURONS.map((n, k) => [n, (v(`s${k + 1}`) - v(n)) / 10e3 - v(n) / 20e3]));
      for (const id of synapses) {
        const x = data.get(id)!.get(t);
        if (x === undefined) continue; // not in the circuit at t
        const [, a, b] = id.split('_');
        const i = (v(a) - v(b)) / resistance(x); // from a to b
        sum.set(a, sum.get(a)! - i);
        sum.set(b, sum.get(b)! + i);
      }
      for (const s of sum.values()) worst = Math.max(worst, Math.abs(s));
      points++;
    }
    expect(points).toBeGreaterThan(500);
    // Currents here are ~1e-5..1e-4 A; the kernel's current tolerance (abstol) is 1e-12 A.
    expect(worst).toBeLessThan(1e-11);

    // Every state that survives a change is carried over exactly, and new states start at their model's value.
    for (const c of changes) {
      for (const [label, after] of c.after) if (label.startsWith('x(') && c.before.has(label)) expect(after).toBe(c.before.get(label));
      for (const label of c.fresh) expect(c.after.get(label)).toBeCloseTo((ROFF - 5e3) / (ROFF - RON), 12);
    }
    // ... and the recorded trajectory of syn_n1_n3 moves across each change by no more than its rate
    // |dx/dt| = K·|i| allows over that step (i from the device law at both ends).
    const x13 = data.get('syn_n1_n3')!;
    const ts = [...x13.keys()];
    const v = (n: string, t: number) => data.get(`v(${n})`)!.get(t)!;
    for (const c of changes) {
      const k = ts.findIndex((t) => t > c.time);
      const [ta, tb] = [ts[k - 1], ts[k]];
      const rate = (t: number) => (K * Math.abs(v('n1', t) - v('n3', t))) / resistance(x13.get(t)!);
      const jump = Math.abs(x13.get(tb)! - x13.get(ta)!);
      expect(jump).toBeGreaterThan(0);
      expect(jump).toBeLessThanOrEqual(Math.max(rate(ta), rate(tb)) * (tb - ta) * 1.001);
    }
    sim.dispose();
  });
});
