/** Signal streams: recorders never drop a point, UI subscriptions drop chunks, memory stays bounded. */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { concatChunks, throttled, type SignalChunk } from '../../src/index.js';
import { column, networkFromFile, REFERENCE, run } from '../solver/run-helpers.js';
import { collect, RC_STEP, sameBits, simulationOf } from './helpers.js';

describe('recorder-style streams', () => {
  for (const [name, signals] of [
    ['rc_pulse', [['v(out)', 'v(out)'], ['c1:v', 'v(out)'], ['v1:i', 'i(v1)']]],
    ['pd_memristor', [['v(1)', 'v(1)'], ['amem:r', 'x(amem)'], ['v1:i', 'i(v1)']]],
  ] as const) {
    for (const window of [1e-3, 3.7e-3]) {
      it(`${name}: concatenated chunks equal the one-shot simulation bit for bit (window ${window * 1e3} ms)`, () => {
        const file = join(REFERENCE, `${name}.cir`);
        const whole = run(networkFromFile(file), undefined, signals.map(([, col]) => col));
        const sim = simulationOf(readFileSync(file, 'utf8'), { window });
        const recs = signals.map(([key]) => {
          const [id, sig] = key.split(':');
          return collect(sig === undefined ? sim.signal$(id) : sim.element(id).signal$(sig));
        });
        expect(sim.runUntil(Infinity)).toBe('done');
        const time = column(whole, 'time');
        signals.forEach(([, col], k) => {
          const { t, values } = concatChunks(recs[k].chunks);
          expect(sameBits(t, time)).toBe(true);
          expect(sameBits(values, column(whole, col))).toBe(true);
          expect(recs[k].completed()).toBe(true);
        });
        // One chunk per window, each starting where the previous one ended.
        const chunks = recs[0].chunks;
        for (let c = 1; c < chunks.length; c++) expect(chunks[c].t0).toBeGreaterThan(chunks[c - 1].t[chunks[c - 1].t.length - 1]);
        expect(chunks.length).toBe(sim.stats.windows);
        sim.dispose();
      });
    }
  }

  it('records nothing for signals without subscribers, and stops when the last one leaves', () => {
    const sim = simulationOf(RC_STEP, { window: 1e-3 });
    const unused = sim.element('c1').signal$('v'); // created, never subscribed
    expect(unused).toBeDefined();
    sim.runUntil(3e-3);
    expect(sim.stats.recordedPoints).toBe(0);
    const rec = collect(sim.signal$('v(out)'));
    sim.runUntil(5e-3);
    const recorded = sim.stats.recordedPoints;
    expect(recorded).toBeGreaterThan(0);
    expect(rec.chunks.length).toBe(2);
    rec.unsubscribe();
    sim.runUntil(Infinity);
    expect(sim.stats.recordedPoints).toBe(recorded);
    sim.dispose();
  });

  it('memory stays bounded: a long run keeps one window of points at most', () => {
    const sim = simulationOf(`* long RC\nV1 in 0 SIN(0 1 50)\nR1 in out 1k\nC1 out 0 1u\n.tran 10u 0.5\n.end\n`, { window: 1e-3 });
    let points = 0;
    let biggest = 0;
    sim.signal$('v(out)').subscribe((c) => {
      points += c.t.length;
      biggest = Math.max(biggest, c.t.length);
    });
    sim.runUntil(Infinity);
    const s = sim.stats;
    expect(s.windows).toBe(500);
    expect(points).toBe(s.recordedPoints);
    expect(points).toBeGreaterThan(40_000);
    expect(s.maxBuffered).toBe(biggest);
    expect(s.maxBuffered).toBeLessThanOrEqual(s.maxWindowPoints);
    expect(s.maxWindowPoints).toBeLessThan(150); // about 1 ms / 10 µs
    expect(s.bufferCapacity).toBeLessThanOrEqual(Math.max(64, 2 * s.maxWindowPoints));
    sim.dispose();
  });
});

describe('UI-style streams', () => {
  it('throttled() drops chunks (auditTime): only the latest chunk of each interval arrives', () => {
    const scheduler = new VirtualTimeScheduler();
    const sim = simulationOf(RC_STEP, { window: 1e-3 });
    const all: SignalChunk[] = [];
    const ui: SignalChunk[] = [];
    sim.signal$('v(out)').subscribe((c) => all.push(c));
    throttled(sim.signal$('v(out)'), 16, scheduler).subscribe((c) => ui.push(c));
    // Four windows per "frame": the UI sees the last chunk of each frame.
    for (let frame = 1; frame <= 5; frame++) {
      sim.runUntil(frame * 4e-3);
      scheduler.flush();
    }
    expect(sim.status).toBe('done');
    expect(all.length).toBe(20);
    expect(ui.length).toBe(5);
    ui.forEach((c, k) => expect(c).toBe(all[4 * k + 3]));
    sim.dispose();
  });
});
