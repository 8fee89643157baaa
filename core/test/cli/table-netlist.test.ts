/** `.model X memristor level=table file=...`: a data-driven model fitted from a CSV named in the netlist. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/node/cli.js';
import { readCsv } from '../helpers/csv.js';

const EXAMPLE = join(__dirname, '../../../fixtures/examples/table-device.cir');

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => (out += t), err: (t: string) => (err += t) }, text: () => ({ out, err }) };
}

describe('data-driven memristor from a netlist', () => {
  it('fits the CSV the .model names and simulates a pinched loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-table-'));
    const csv = join(dir, 'out.csv');
    const c = capture();
    expect(await main(['run', EXAMPLE, '--csv', csv, '--quiet'], c.io), c.text().err).toBe(0);
    const t = readCsv(csv);
    expect(t.columns).toEqual(['time', 'v(a)', 'i(v1)', 'x(m1)']);
    const [, v, i, x] = t.data;
    expect(Math.max(...x) - Math.min(...x)).toBeGreaterThan(0.3); // the state moves
    for (let k = 0; k < v.length; k++) if (Math.abs(v[k]) < 1e-12) expect(Math.abs(i[k])).toBeLessThan(1e-15);
  });
  it('a missing data file is an input error at the .model card', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-table-'));
    const net = join(dir, 'bad.cir');
    writeFileSync(net, 'bad\nV1 a 0 SIN(0 1 1)\nYMEMRISTOR m1 a 0 dev\n.model dev memristor level=table file="nope.csv"\n.tran 1m 1\n.end\n');
    const c = capture();
    expect(await main(['run', net, '--quiet'], c.io)).toBe(2);
    expect(c.text().err).toMatch(/bad\.cir:4:8: error: model 'dev': .*nope\.csv: no such file/);
  });

  it('travels in JSON (the fit in the model card) and in SPICE (the data file, rebased) to another folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-table-'));
    const run = async (file: string, out: string) => {
      const c = capture();
      expect(await main(['run', file, '--csv', out, '--quiet'], c.io), c.text().err).toBe(0);
      return readCsv(out);
    };
    const direct = await run(EXAMPLE, join(dir, 'direct.csv'));
    const json = join(dir, 'a', 'net.json');
    expect(await main(['export', EXAMPLE, '--to', 'json', '--out', json], capture().io)).toBe(0);
    const card = JSON.parse(readFileSync(json, 'utf8')).models.taox;
    expect(card.table.fit.name).toBe('taox');
    // main() builds a fresh registry per command: the JSON alone must define the model.
    expect((await run(json, join(dir, 'json.csv'))).data).toEqual(direct.data);
    const cir = join(dir, 'b', 'c', 'net.cir');
    expect(await main(['export', json, '--to', 'spice', '--out', cir], capture().io)).toBe(0);
    expect(readFileSync(cir, 'utf8')).toContain('level=table file="../../../../');
    const viaSpice = await run(cir, join(dir, 'spice.csv'));
    expect(viaSpice.columns).toEqual(['time', 'v(a)', 'i(v1)']); // SPICE has no state outputs
    expect(viaSpice.data).toEqual(direct.data.slice(0, 3));
  });
  it('a JSON model card whose fit is damaged is an input error naming the card', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-table-'));
    const json = join(dir, 'net.json');
    expect(await main(['export', EXAMPLE, '--to', 'json', '--out', json], capture().io)).toBe(0);
    const net = JSON.parse(readFileSync(json, 'utf8'));
    delete net.models.taox.table.fit.grid;
    writeFileSync(json, JSON.stringify(net));
    const c = capture();
    expect(await main(['run', json, '--quiet'], c.io)).toBe(2);
    expect(c.text().err).toMatch(/model card 'taox': its table\.fit is not a usable memflow table fit/);
  });
});
