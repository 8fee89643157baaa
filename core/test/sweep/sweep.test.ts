/** SweepExecutor on piscina: equal results for 1 and 2 workers; failing jobs are reported by id. */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runSweepPoint, withParams, type SweepJob, type SweepOutcome, type SweepPointInput, type SweepPointResult } from '../../src/index.js';
import { PiscinaSweepExecutor, sweepExecutor } from '../../src/node/sweep/index.js';
import { networkFromText, registry } from '../solver/run-helpers.js';
import { sameBits } from '../runtime/helpers.js';

const RC = networkFromText(`* RC\nV1 in 0 PULSE(0 1 0 1n 1n 1 2)\nR1 in out 1k\nC1 out 0 1u\n.tran 20u 5m\n.end\n`);

function points(count: number): SweepJob<SweepPointInput>[] {
  return Array.from({ length: count }, (_, k) => ({ id: `p${k}`, input: { network: RC, set: { 'r1.r': 500 + 250 * k }, outputs: ['v(out)'] } }));
}

const executors: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
});

describe('parameter sweep on piscina', () => {
  it('1 and 2 workers give bit-identical results, in job order, equal to the in-process run', async () => {
    const jobs = points(6);
    const results: SweepOutcome<SweepPointResult>[][] = [];
    for (const workers of [1, 2]) {
      const ex = sweepExecutor({ workers });
      executors.push(ex);
      const seen: string[] = [];
      results.push(await ex.run(jobs, { onOutcome: (o, done, total) => seen.push(`${o.id}:${done}/${total}`) }));
      expect(seen.length).toBe(6);
      expect(seen.at(-1)).toMatch(/6\/6$/);
    }
    const [one, two] = results;
    expect(one.map((o) => o.id)).toEqual(jobs.map((j) => j.id));
    for (let k = 0; k < jobs.length; k++) {
      const a = one[k];
      const b = two[k];
      if (!a.ok || !b.ok) throw new Error(`point ${k} failed`);
      const local = runSweepPoint(jobs[k].input, registry.lookup);
      for (let c = 0; c < 2; c++) {
        expect(sameBits(a.result.data[c], b.result.data[c])).toBe(true);
        expect(sameBits(a.result.data[c], local.data[c])).toBe(true);
      }
      // The sweep really varies R: v(out) at 5 ms against the RC step 1 − exp(−t/RC).
      const R = 500 + 250 * k;
      const v = a.result.data[1];
      expect(Math.abs(v[v.length - 1] - (1 - Math.exp(-5e-3 / (R * 1e-6))))).toBeLessThan(2e-3);
    }
  });

  it('bad sweep parameters are reported with the point id and what to write', async () => {
    const ex = sweepExecutor({ workers: 1 });
    executors.push(ex);
    const [bad, unknown] = await ex.run([
      { id: 'no-element', input: { network: RC, set: { 'r9.r': 1 } } },
      { id: 'no-param', input: { network: RC, set: { 'r1.zz': 1 } } },
    ]);
    expect(bad).toMatchObject({ id: 'no-element', ok: false, kind: 'threw' });
    expect(!bad.ok && bad.message).toMatch(/no element 'r9'/);
    expect(!unknown.ok && unknown.message).toMatch(/no parameter 'zz'/);
    expect(() => withParams(RC, { r1: 3 })).toThrow(/ELEMENT\.PARAM/);
  });

  it('a hung, a throwing and an exiting worker are reported with their job ids; the other jobs complete', async () => {
    const filename = fileURLToPath(new URL('./fault-worker.mjs', import.meta.url));
    const ex = new PiscinaSweepExecutor<{ do?: string; x: number }, number>({ filename, workers: 2, timeoutMs: 1500 });
    executors.push(ex);
    const jobs = [
      { id: 'a', input: { x: 1 } },
      { id: 'hangs', input: { do: 'hang', x: 2 } },
      { id: 'b', input: { x: 3 } },
      { id: 'throws', input: { do: 'throw', x: 4 } },
      { id: 'c', input: { x: 5 } },
      { id: 'exits', input: { do: 'exit', x: 6 } },
      { id: 'd', input: { x: 7 } },
    ];
    const out = await ex.run(jobs);
    const byId = Object.fromEntries(out.map((o) => [o.id, o]));
    for (const [id, x] of [['a', 1], ['b', 3], ['c', 5], ['d', 7]] as const) expect(byId[id]).toEqual({ id, ok: true, result: x * x });
    expect(byId.hangs).toMatchObject({ ok: false, kind: 'timeout' });
    expect(byId.throws).toMatchObject({ ok: false, kind: 'threw', message: expect.stringMatching(/asked to throw \(4\)/) });
    expect(byId.exits).toMatchObject({ ok: false, kind: 'crashed', message: expect.stringMatching(/exits.*code: 3/) });
    expect(!byId.hangs.ok && byId.hangs.message).toMatch(/'hangs'/);
    // The pool is still usable afterwards.
    expect(await ex.run([{ id: 'again', input: { x: 9 } }])).toEqual([{ id: 'again', ok: true, result: 81 }]);
    await expect(ex.run([{ id: 'x', input: { x: 1 } }, { id: 'x', input: { x: 2 } }])).rejects.toThrow(/used twice/);
  });
});
