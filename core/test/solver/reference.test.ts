/**
 * The reference cases (ngspice 39.3 at tight tolerances, or closed forms) run through the CLI contract:
 * `memflow run FILE --csv OUT`, compared with the README's metric.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/node/cli.js';
import { compareToReference, readCsv } from '../helpers/csv.js';

const REF = join(__dirname, '../../../fixtures/reference');
const quietIo = { out: () => {}, err: (t: string) => process.stderr.write(t) };

const cases = readdirSync(REF)
  .filter((f) => f.endsWith('.cir'))
  .map((f) => f.replace(/\.cir$/, ''));

describe('reference cases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memflow-ref-'));
  it('has all five cases', () => {
    expect(cases.sort()).toEqual(['bridge_tran', 'hp_sine', 'pd_memristor', 'rc_pulse', 'rd_dc']);
  });
  for (const name of cases) {
    it(`${name} matches its reference`, async () => {
      const csv = join(dir, `${name}.csv`);
      const code = await main(['run', join(REF, `${name}.cir`), '--csv', csv, '--quiet'], quietIo);
      expect(code).toBe(0);
      const refFile = readdirSync(REF).find((f) => f.startsWith(`${name}.`) && f.endsWith('.csv'))!;
      const ref = readCsv(join(REF, refFile));
      const ours = readCsv(csv);
      expect(ours.columns[0]).toBe(ref.columns[0]);
      const errors = compareToReference(ours, ref);
      const target = ref.columns[0] === 'sweep' ? 1e-4 : 5e-3;
      console.log(`${name}: ${Object.entries(errors).map(([c, e]) => `${c} ${e.toExponential(2)}`).join(', ')} (target ${target})`);
      for (const [col, err] of Object.entries(errors)) expect(err, `${name} ${col}`).toBeLessThan(target);
    });
  }
});
