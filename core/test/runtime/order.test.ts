/**
 * Deterministic event order. Rule: at a window end the queued events apply by arrival sequence
 * number, then element id, then position in a batch. Separate sends have distinct sequence numbers
 * (arrival order decides, so the last SET_PARAM of a parameter wins); a batch (`sendBatch`) is
 * simultaneous — its events share one sequence number and apply in element-id order, whatever the
 * order they were listed in.
 */
import { describe, expect, it } from 'vitest';
import { concatChunks, eventOrder, type AppliedEvent, type ElementEvent } from '../../src/index.js';
import { collect, sameBits, simulationOf } from './helpers.js';

const TWO_R = `* divider\nV1 in 0 PULSE(0 1 0 1n 1n 1 2)\nR1 in out 1k\nR2 out 0 1k\nC1 out 0 1u\n.tran 10u 5m\n.end\n`;

function runWith(send: (sim: ReturnType<typeof simulationOf>) => void): { applied: string[]; v: Float64Array; r1: number; r2: number } {
  const sim = simulationOf(TWO_R, { window: 1e-3 });
  const applied: AppliedEvent[] = [];
  sim.applied$.subscribe((e) => applied.push(e));
  const rec = collect(sim.signal$('v(out)'));
  sim.runUntil(2e-3);
  send(sim);
  sim.runUntil(Infinity);
  const out = {
    applied: applied.map((e) => `${e.seq}:${e.element}:${(e.event as { value?: number }).value}`),
    v: concatChunks(rec.chunks).values,
    r1: sim.element('r1').param('r'),
    r2: sim.element('r2').param('r'),
  };
  sim.dispose();
  return out;
}

const set = (value: number): ElementEvent => ({ type: 'SET_PARAM', name: 'r', value });

describe('event order at a window end', () => {
  it('a batch applies in element-id order whatever its listing order; the results are identical', () => {
    const a = runWith((sim) => sim.sendBatch([{ id: 'R2', event: set(2e3) }, { id: 'R1', event: set(500) }]));
    const b = runWith((sim) => sim.sendBatch([{ id: 'r1', event: set(500) }, { id: 'r2', event: set(2e3) }]));
    expect(a.applied).toEqual(['0:r1:500', '0:r2:2000']);
    expect(b.applied).toEqual(a.applied);
    expect(sameBits(a.v, b.v)).toBe(true);
    expect([a.r1, a.r2]).toEqual([500, 2e3]);
  });

  it('separate sends apply in arrival order; events to different elements commute, the last write to one parameter wins', () => {
    const a = runWith((sim) => (sim.element('r2').send(set(2e3)), sim.element('r1').send(set(500))));
    const b = runWith((sim) => (sim.element('r1').send(set(500)), sim.element('r2').send(set(2e3))));
    expect(a.applied).toEqual(['0:r2:2000', '1:r1:500']);
    expect(b.applied).toEqual(['0:r1:500', '1:r2:2000']);
    expect(sameBits(a.v, b.v)).toBe(true);
    const c = runWith((sim) => (sim.element('r1').send(set(500)), sim.element('r1').send(set(3e3))));
    const d = runWith((sim) => (sim.element('r1').send(set(3e3)), sim.element('r1').send(set(500))));
    expect(c.r1).toBe(3e3);
    expect(d.r1).toBe(500);
    // Same element twice in one batch: position in the batch decides.
    const e = runWith((sim) => sim.sendBatch([{ id: 'r1', event: set(3e3) }, { id: 'r2', event: set(2e3) }, { id: 'r1', event: set(700) }]));
    expect(e.applied).toEqual(['0:r1:3000', '0:r1:700', '0:r2:2000']);
    expect(e.r1).toBe(700);
  });

  it('eventOrder sorts by sequence, then element id, then batch position', () => {
    const q = [
      { seq: 2, element: 'a', sub: 0 },
      { seq: 1, element: 'b', sub: 0 },
      { seq: 1, element: 'a', sub: 1 },
      { seq: 1, element: 'a', sub: 0 },
    ];
    expect([...q].sort(eventOrder).map((x) => `${x.seq}${x.element}${x.sub}`)).toEqual(['1a0', '1a1', '1b0', '2a0']);
  });
});
