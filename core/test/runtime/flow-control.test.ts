/**
 * Recorder-style subscriptions never drop a chunk and apply flow control: with a slow sink the
 * simulation waits (at most `maxPending` chunks in flight) instead of buffering, so memory stays
 * bounded however long the run.
 */
import { describe, expect, it } from 'vitest';
import { concatChunks, type SignalChunk } from '../../src/index.js';
import { collect, sameBits, simulationOf } from './helpers.js';

const LONG = `* long RC\nV1 in 0 SIN(0 1 50)\nR1 in out 1k\nC1 out 0 1u\n.tran 10u 0.3\n.end\n`;
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('recorder flow control', () => {
  it('a slow recorder holds the simulation back: never more than maxPending chunks in flight, none dropped', async () => {
    const reference = simulationOf(LONG, { window: 1e-3 });
    const all = collect(reference.signal$('v(out)'));
    reference.runUntil(Infinity);
    const expected = concatChunks(all.chunks);

    const sim = simulationOf(LONG, { window: 1e-3 });
    const held: { chunk: SignalChunk; done: () => void }[] = [];
    const got: SignalChunk[] = [];
    const recorder = sim.record('v(out)', (chunk) => new Promise<void>((done) => held.push({ chunk, done })), { maxPending: 3 });
    const run = sim.run();
    let acked = 0;
    let worstLead = 0;
    let sawSaturated = false;
    while (sim.status !== 'done' || held.length > 0) {
      // Let the simulation go as far as it can, then check it is waiting for the recorder.
      for (let k = 0; k < 5; k++) await tick();
      expect(held.length).toBeLessThanOrEqual(3);
      expect(recorder.pending).toBe(held.length);
      if (recorder.saturated) sawSaturated = true;
      worstLead = Math.max(worstLead, sim.stats.windows - acked);
      const next = held.shift();
      if (next) {
        got.push(next.chunk);
        next.done();
        acked++;
      }
    }
    expect(await run).toBe('done');
    expect(sawSaturated).toBe(true);
    expect(worstLead).toBeLessThanOrEqual(3);
    expect(recorder.maxInFlight).toBe(3);
    expect(recorder.received).toBe(300);
    const out = concatChunks(got);
    expect(sameBits(out.t, expected.t)).toBe(true);
    expect(sameBits(out.values, expected.values)).toBe(true);
    expect(recorder.actor.getSnapshot().value).toBe('complete');
    sim.dispose();
    reference.dispose();
  });

  it('a long run into a bounded buffer keeps memory bounded: one window of points, maxPending chunks', async () => {
    const sim = simulationOf(LONG.replace('.tran 10u 0.3', '.tran 10u 1'), { window: 1e-3 });
    // The sink keeps only the last 256 values (a ring) and a running sum; it finishes each chunk a tick later.
    const ring = new Float64Array(256);
    let n = 0;
    let sum = 0;
    const recorder = sim.record(
      'c1:v',
      async (chunk) => {
        await tick();
        for (const v of chunk.values) {
          ring[n++ % ring.length] = v;
          sum += v;
        }
      },
      { maxPending: 2 },
    );
    expect(await sim.run()).toBe('done');
    const s = sim.stats;
    expect(s.windows).toBe(1000);
    expect(n).toBe(s.recordedPoints);
    expect(n).toBeGreaterThan(90_000);
    expect(recorder.maxInFlight).toBeLessThanOrEqual(2);
    expect(s.maxWindowPoints).toBeLessThan(150);
    expect(s.bufferCapacity).toBeLessThanOrEqual(Math.max(64, 2 * s.maxWindowPoints));
    // A full-period sine through a first-order low-pass averages to ~0 over whole periods.
    expect(Math.abs(sum / n)).toBeLessThan(0.05);
    expect(recorder.pending).toBe(0);
    sim.dispose();
  });

  it('maxPending must be a positive integer', () => {
    const sim = simulationOf(LONG, { window: 1e-3 });
    expect(() => sim.record('v(out)', () => undefined, { maxPending: 0 })).toThrow(/positive integer/);
    sim.dispose();
  });
});
