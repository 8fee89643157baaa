/**
 * The reference cases run through the CLI contract (`memflow run FILE --csv OUT`) and are compared with
 * the README's metric: ours interpolated onto the reference's first column, max |difference| divided by
 * the reference column's range. Targets: 5e-3 for transients, 1e-4 for DC.
 *
 * Two shared ngspice results cannot serve as ground truth (fixtures/reference/independent/README.md):
 * ngspice aborts the bridge at 7 ms and its file stops at 95 µs with a common mode that jumps by mV; and
 * ngspice integrates the threshold memristor's state with a 0.3 % error that shows as 4 % of i(v1) near
 * the bounds. Those cases are held to independent high-accuracy solutions over the whole run, and the
 * second block below shows, against the same solutions, why the shared files are set aside.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/node/cli.js';
import { compareToReference, readCsv, type Table } from '../helpers/csv.js';

const REF = join(__dirname, '../../../fixtures/reference');
const INDEPENDENT = join(REF, 'independent');
const quietIo = { out: () => {}, err: (t: string) => process.stderr.write(t) };

const cases = readdirSync(REF)
  .filter((f) => f.endsWith('.cir'))
  .map((f) => f.replace(/\.cir$/, ''))
  .sort();

const SET_ASIDE = ['bridge_tran', 'pd_memristor'];

function sharedReference(name: string): Table {
  const file = readdirSync(REF).find((f) => f.startsWith(`${name}.`) && f.endsWith('.csv'))!;
  return readCsv(join(REF, file));
}

function referenceFor(name: string): Table {
  return SET_ASIDE.includes(name) ? readCsv(join(INDEPENDENT, `${name}.exact.csv`)) : sharedReference(name);
}

/** The metric restricted to reference rows with time ≤ tEnd. */
function compareUpTo(ours: Table, ref: Table, tEnd: number): Record<string, number> {
  const rows = ref.data[0].findIndex((t) => t > tEnd);
  const cut: Table = { columns: ref.columns, data: ref.data.map((col) => col.slice(0, rows < 0 ? undefined : rows)) };
  return compareToReference(ours, cut);
}

const outputs = new Map<string, Table>();

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'memflow-ref-'));
  for (const name of cases) {
    const csv = join(dir, `${name}.csv`);
    const code = await main(['run', join(REF, `${name}.cir`), '--csv', csv, '--quiet'], quietIo);
    if (code !== 0) throw new Error(`memflow run ${name}.cir exited with ${code}`);
    outputs.set(name, readCsv(csv));
  }
});

describe('reference cases', () => {
  it('has all five cases', () => {
    expect(cases).toEqual(['bridge_tran', 'hp_sine', 'pd_memristor', 'rc_pulse', 'rd_dc']);
  });
  for (const name of cases) {
    it(`${name} matches its reference`, () => {
      const ref = referenceFor(name);
      const ours = outputs.get(name)!;
      expect(ours.columns).toEqual(ref.columns);
      const errors = compareToReference(ours, ref);
      const target = ref.columns[0] === 'sweep' ? 1e-4 : 5e-3;
      console.log(`${name}: ${Object.entries(errors).map(([c, e]) => `${c} ${e.toExponential(2)}`).join(', ')} (target ${target})`);
      for (const [col, err] of Object.entries(errors)) expect(err, `${name} ${col}`).toBeLessThan(target);
    });
  }
});

describe('shared ngspice results set aside, measured against the independent solutions', () => {
  it('pd_memristor: ngspice misses the exact state by more than the target; memflow is 10× closer', () => {
    const exact = readCsv(join(INDEPENDENT, 'pd_memristor.exact.csv'));
    const ngspice = compareToReference(sharedReference('pd_memristor'), exact)['i(v1)'];
    const ours = compareToReference(outputs.get('pd_memristor')!, exact)['i(v1)'];
    console.log(`pd_memristor i(v1) vs exact: ngspice ${ngspice.toExponential(2)}, memflow ${ours.toExponential(2)}`);
    expect(ngspice).toBeGreaterThan(5e-3);
    expect(ours).toBeLessThan(ngspice / 10);
  });

  it('bridge_tran: where ngspice has output (0–95 µs) it strays from the exact solution; memflow does not', () => {
    const shared = sharedReference('bridge_tran');
    const end = shared.data[0][shared.data[0].length - 1];
    expect(end).toBeLessThan(1e-4); // the file stops where ngspice gave up
    const exact = readCsv(join(INDEPENDENT, 'bridge_tran.exact.csv'));
    const ngspice = compareUpTo(shared, exact, end)['v(p)'];
    const ours = compareUpTo(outputs.get('bridge_tran')!, exact, end)['v(p)'];
    console.log(`bridge_tran v(p) over 0–${end.toExponential(2)} s vs exact: ngspice ${ngspice.toExponential(2)}, memflow ${ours.toExponential(2)}`);
    expect(ngspice).toBeGreaterThan(5e-3);
    expect(ours).toBeLessThan(5e-3);
  });
});
