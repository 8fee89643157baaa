/** `memflow generate nanowire`, in process through main(). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateNanowires } from '../../src/common/generate/index.js';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'memflow-generate-'));


describe('memflow generate nanowire', () => {
  it('writes the network JSON and prints the statistics', async () => {
    const file = join(dir, 'sub', 'net.json');
    const r = await cli('generate', 'nanowire', '--wires', '200', '--length', '1,0.2', '--size', '8,8', '--seed', '3', '--out', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const g = generateNanowires({ wires: 200, length: { mean: 1, std: 0.2 }, size: { w: 8, h: 8 }, seed: 3 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(g.network)));
    expect(r.out).toContain(`wires kept        ${g.stats.wiresKept} of 200`);
    expect(r.out).toContain(`junctions         ${g.stats.junctions}`);
    expect(r.out).toContain(`mean degree       ${g.stats.meanDegree.toFixed(3)}`);
  });

  it('takes electrodes, a junction model and its parameters', async () => {
    const file = join(dir, 'hp.json');
    const g = generateNanowires({ wires: 200, length: { mean: 1, std: 0.2 }, size: { w: 8, h: 8 }, seed: 3 });
    const last = g.kept[g.kept.length - 1];
    const mx = 0.5 * (g.segments[4 * last] + g.segments[4 * last + 2]);
    const my = 0.5 * (g.segments[4 * last + 1] + g.segments[4 * last + 3]);
    const r = await cli('generate', 'nanowire', '--wires', '200', '--length', '1,0.2', '--size', '8,8', '--seed', '3',
      '--electrodes', `${g.kept[0]},${mx}:${my}`, '--junction', 'memristor.hp', '--param', 'ron=50', '--out', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`e1 = wire ${g.kept[0]}, e2 = wire ${last}`);
    const net = JSON.parse(readFileSync(file, 'utf8'));
    expect(net.models.junction).toEqual({ device: 'memristor.hp', params: { ron: 50 } });
  });

  it('reports usage errors with exit 2', async () => {
    const out = join(dir, 'x.json');
    const cases: [string[], RegExp][] = [
      [['generate'], /usage: memflow generate nanowire/],
      [['generate', 'grid', '--out', out], /usage/],
      [['generate', 'nanowire', '--length', '1,0', '--size', '5,5', '--out', out], /--wires is required/],
      [['generate', 'nanowire', '--wires', '10', '--length', '1', '--size', '5,5', '--out', out], /--length 1: expected 2/],
      [['generate', 'nanowire', '--wires', '10', '--length', '1,0', '--size', '5,5'], /--out is required/],
      [['generate', 'nanowire', '--wires', '10', '--length', '1,0', '--size', '5,5', '--junction', 'nope', '--out', out], /unknown junction device 'nope'/],
      [['generate', 'nanowire', '--wires', '10', '--length', '1,0', '--size', '5,5', '--electrodes', 'a', '--out', out], /neither a wire index nor a point/],
      [['generate', 'nanowire', '--wires', '3', '--length', '0.01,0', '--size', '100,100', '--out', out], /no two wires touch/],
      [['generate', 'nanowire', '--wires', '10', '--length', '1,0', '--size', '5,5', '--bogus', '1', '--out', out], /bogus/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
    }
  });
});

describe('memflow generate grid', () => {
  it('writes a random-diagonal grid with per-junction variability and prints its statistics', async () => {
    const file = join(dir, 'grid.json');
    const r = await cli('generate', 'grid', '--rows', '5', '--cols', '6', '--diagonals', '0.5', '--seed', '2', '--variability', '0.1:ymin,ymax', '--out', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const net = JSON.parse(readFileSync(file, 'utf8'));
    expect(net.elements.length).toBeGreaterThanOrEqual(5 * 5 + 6 * 4);
    expect(new Set(net.elements.map((e: { params: { ymin: number } }) => e.params.ymin)).size).toBe(net.elements.length);
    expect(r.out).toContain('lattice edges');
  });

  it('bad grid options exit with code 2 and a message', async () => {
    const r = await cli('generate', 'grid', '--rows', '5', '--cols', '1', '--out', join(dir, 'bad.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/at least 2×2/);
    const v = await cli('generate', 'grid', '--rows', '3', '--cols', '3', '--variability', 'x', '--out', join(dir, 'bad.json'));
    expect(v.code).toBe(2);
    expect(v.err).toMatch(/--variability/);
  });
});

describe('memflow generate --plugins', () => {
  it('a plugin device can be the junction model', async () => {
    const plugin = join(__dirname, '../../../plugins/examples/chang2011');
    const file = join(dir, 'plugin.json');
    const r = await cli('generate', 'grid', '--rows', '3', '--cols', '3', '--junction', 'chang2011.wox', '--plugins', plugin, '--out', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const net = JSON.parse(readFileSync(file, 'utf8'));
    expect(net.elements.every((e: { device: string }) => e.device === 'chang2011.wox')).toBe(true);
    const without = await cli('generate', 'grid', '--rows', '3', '--cols', '3', '--junction', 'chang2011.wox', '--out', file);
    expect(without.code).toBe(2);
    expect(without.err).toMatch(/unknown junction device 'chang2011.wox'/);
  });
});
