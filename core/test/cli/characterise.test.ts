/**
 * `memflow characterise MODEL`: the HP memristor (Biolek window, uv = 1e-13 for a visible loop) under a
 * 1 V sine at three frequencies. Checks the files (CSV header, figures, summary.json), the physics the
 * figures must show (a pinched loop whose lobes shrink as the frequency grows), that the worker pool
 * gives bit-for-bit what the same jobs give in this thread, the input errors, and — in a child process
 * running the built, bundled CLI — that the worker loads from the bundle and the process exits.
 *
 * The pool's worker is a built file (dist/), so the build runs first, as the CLI's users would run it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoopResult } from '../../src/common/characterise/loop.js';
import { main } from '../../src/node/cli.js';
import {
  characteriseWorkerFile,
  resolveModel,
  runCharacterisation,
  type CharacteriseSummary,
} from '../../src/node/characterise.js';
import { defaultRegistry } from '../../src/node/load.js';
import { CircuitError } from '../../src/common/solver/errors.js';

const ROOT = join(__dirname, '../../..');
const BIN = join(ROOT, 'core/bin/memflow.js');
const dir = mkdtempSync(join(tmpdir(), 'memflow-characterise-'));
const registry = defaultRegistry();
const HP = ['--param', 'window=biolek', '--param', 'uv=1e-13'];
const FREQS = [1, 10, 100];

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function expectBitIdentical(a: readonly LoopResult[], b: readonly LoopResult[]): void {
  expect(b.length).toBe(a.length);
  a.forEach((ra, k) => {
    const rb = b[k];
    for (const key of ['time', 'v', 'i'] as const) expect(sameBits(ra[key], rb[key]), `${k} ${key}`).toBe(true);
    expect(Object.keys(rb.states)).toEqual(Object.keys(ra.states));
    for (const s of Object.keys(ra.states)) expect(sameBits(ra.states[s], rb.states[s]), `${k} state ${s}`).toBe(true);
    for (const key of ['pinchError', 'lobeAreaPositive', 'lobeAreaNegative', 'rMin', 'rMax'] as const) expect(Object.is(ra[key], rb[key]), key).toBe(true);
  });
}

beforeAll(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
}, 240_000);

describe('memflow characterise memristor.hp', () => {
  const out = join(dir, 'hp');
  let run: { code: number; out: string; err: string };
  let summary: CharacteriseSummary;

  beforeAll(async () => {
    run = await cli('characterise', 'memristor.hp', ...HP, '--freq', FREQS.join(','), '--jobs', '3', '--out', out);
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  }, 60_000);

  it('exits 0, prints a table and one progress line per frequency on stderr', () => {
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/pinch error/);
    expect(run.out.trimEnd().split('\n').filter((l) => /^\s+\d/.test(l))).toHaveLength(FREQS.length);
    const lines = run.err.trimEnd().split('\n');
    expect(lines).toHaveLength(FREQS.length);
    for (const f of FREQS) expect(lines.some((l) => l.startsWith(`memristor.hp: ${f} Hz done`))).toBe(true);
  });

  it('writes a CSV and an SVG per frequency, an overlay and summary.json', () => {
    const files = readdirSync(out).sort();
    const expected = [...FREQS.flatMap((f) => [`memristor.hp-${f}Hz.csv`, `memristor.hp-${f}Hz.svg`]), 'memristor.hp-overlay.svg', 'summary.json'].sort();
    expect(files).toEqual(expected);
    for (const f of FREQS) {
      const lines = readFileSync(join(out, `memristor.hp-${f}Hz.csv`), 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe('time,v,i,x');
      expect(lines.length).toBeGreaterThan(2 * 1000);
      const last = lines[lines.length - 1].split(',').map(Number);
      expect(last[0]).toBeCloseTo(2 / f, 12);
      expect(readFileSync(join(out, `memristor.hp-${f}Hz.svg`), 'utf8')).toMatch(/^<svg [\s\S]*<polyline[\s\S]*<\/svg>$/);
    }
    const overlay = readFileSync(join(out, 'memristor.hp-overlay.svg'), 'utf8');
    expect(overlay.match(/<polyline/g)).toHaveLength(FREQS.length);
  });

  it('summary.json records the model, the parameters used and the figures per frequency', () => {
    expect(summary.model).toBe('memristor.hp');
    expect(summary.overrides).toEqual({ window: 2, uv: 1e-13 });
    const hp = registry.get('memristor.hp')!;
    expect(Object.keys(summary.params)).toEqual(Object.keys(hp.params));
    expect(summary.params).toMatchObject({ window: 2, uv: 1e-13, ron: hp.params.ron.default, roff: hp.params.roff.default });
    expect(summary).toMatchObject({ amplitude: 1, cycles: 2, pointsPerCycle: 1000, states: ['x'] });
    expect(summary.frequencies.map((f) => f.frequency)).toEqual(FREQS);
    for (const f of summary.frequencies) {
      expect(Object.keys(f)).toEqual(['frequency', 'csv', 'svg', 'pinchError', 'lobeAreaPositive', 'lobeAreaNegative', 'lobeAreaTotal', 'rMin', 'rMax', 'rRatio']);
      expect(f.lobeAreaTotal).toBe(f.lobeAreaPositive + f.lobeAreaNegative);
      expect(f.rRatio).toBe(f.rMax! / f.rMin!);
      expect(f.rMin!).toBeGreaterThanOrEqual(hp.params.ron.default * (1 - 1e-12));
      expect(f.rMax!).toBeLessThanOrEqual(hp.params.roff.default * (1 + 1e-12));
    }
  });

  it('the loop is pinched and its lobes shrink as the frequency grows', () => {
    const fs = summary.frequencies;
    for (const f of fs) {
      expect(f.pinchError).toBeLessThan(1e-9);
      expect(f.lobeAreaTotal).toBeGreaterThan(0);
    }
    for (let k = 1; k < fs.length; k++) {
      expect(fs[k].lobeAreaTotal).toBeLessThan(fs[k - 1].lobeAreaTotal);
      expect(fs[k].rRatio!).toBeLessThan(fs[k - 1].rRatio!);
    }
  });

  it('--json prints summary.json on stdout and nothing on stderr', async () => {
    const other = join(dir, 'json');
    const res = await cli('characterise', 'hp', ...HP, '--freq', FREQS.join(','), '--out', other, '--json');
    expect(res.code).toBe(0);
    expect(res.err).toBe('');
    expect(JSON.parse(res.out)).toEqual(JSON.parse(readFileSync(join(other, 'summary.json'), 'utf8')));
    // Another run (SPICE level name, default pool size) gives the same numbers to the last bit.
    expect(readFileSync(join(other, 'summary.json'), 'utf8')).toBe(readFileSync(join(out, 'summary.json'), 'utf8'));
  });
});

describe('the worker pool', () => {
  it('gives results bit-identical to the same jobs run in this thread', async () => {
    const model = registry.get('memristor.hp')!;
    const drives = FREQS.map((frequency) => ({ amplitude: 1, frequency, cycles: 2, params: { window: 2, uv: 1e-13 } }));
    const inProcess = await runCharacterisation(registry, model, drives, { jobs: 1 });
    const done: number[] = [];
    const pooled = await runCharacterisation(registry, model, drives, { jobs: 3, onDone: (k) => done.push(k) });
    expect(done.sort()).toEqual([0, 1, 2]);
    expectBitIdentical(inProcess, pooled);
    // The bundled worker computes the same bits as the tsc-built one.
    const bundled = await runCharacterisation(registry, model, drives, { jobs: 2, workerFile: join(ROOT, 'core/dist/node/workers/characterise-worker.bundle.mjs') });
    expectBitIdentical(inProcess, bundled);
  });

  it('--jobs 1 (in this thread) and the pool write identical files', async () => {
    const a = join(dir, 'jobs1');
    const b = join(dir, 'jobs3');
    expect((await cli('characterise', 'hp', ...HP, '--freq', '10,100', '--jobs', '1', '--out', a)).code).toBe(0);
    expect((await cli('characterise', 'hp', ...HP, '--freq', '10,100', '--jobs', '3', '--out', b)).code).toBe(0);
    for (const name of readdirSync(a)) expect(readFileSync(join(b, name), 'utf8'), name).toBe(readFileSync(join(a, name), 'utf8'));
  });

  it('moves the result arrays back (transfer list), never copies them', async () => {
    const worker = await import(pathToFileURL(join(ROOT, 'core/dist/node/workers/characterise-worker.bundle.mjs')).href);
    const moved = worker.default({ modelId: 'memristor.hp', drive: { amplitude: 1, frequency: 100, cycles: 1 } });
    const symbols = Object.getOwnPropertySymbols(moved).map((s) => s.description);
    expect(symbols).toEqual(expect.arrayContaining(['Piscina.transferable', 'Piscina.valueOf', 'Piscina.kMovable']));
    const buffers: ArrayBuffer[] = moved[Symbol.for('Piscina.transferable')];
    const reply = moved[Symbol.for('Piscina.valueOf')];
    expect(reply.ok).toBe(true);
    const arrays = [reply.result.time, reply.result.v, reply.result.i, reply.result.states.x];
    expect(new Set(buffers)).toEqual(new Set(arrays.map((a: Float64Array) => a.buffer)));
  });

  it('a failing job keeps its error class across the thread: bad input exits 2', async () => {
    const model = registry.get('memristor.hp')!;
    const drives = [10, 100].map((frequency) => ({ amplitude: 1, frequency, params: { ron: -1 } }));
    const err = await runCharacterisation(registry, model, drives, { jobs: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitError);
    expect((err as Error).message).toMatch(/^memristor\.hp at 10 Hz: .*ron/);
  });

  it('is found next to the running code: the bundle beside the CLI bundle, tsc output beside dist/', () => {
    const bundle = pathToFileURL(join(ROOT, 'core/dist/node/memflow.bundle.mjs')).href;
    expect(characteriseWorkerFile(bundle)).toBe(join(ROOT, 'core/dist/node/workers/characterise-worker.bundle.mjs'));
    const tsc = pathToFileURL(join(ROOT, 'core/dist/node/characterise.js')).href;
    expect(characteriseWorkerFile(tsc)).toBe(join(ROOT, 'core/dist/node/workers/characterise-worker.js'));
    expect(existsSync(characteriseWorkerFile(bundle))).toBe(true);
    expect(existsSync(characteriseWorkerFile(tsc))).toBe(true);
    expect(existsSync(characteriseWorkerFile())).toBe(true);
  });
});

describe('MODEL and options', () => {
  it('resolves ids and SPICE level names, case-insensitively', () => {
    const models = registry.all();
    expect(resolveModel('memristor.hp', models).id).toBe('memristor.hp');
    expect(resolveModel('HP', models).id).toBe('memristor.hp');
    // Characterisation drives two-terminal devices only; every such model's levels name it alone.
    for (const m of models.filter((d) => d.terminals.length === 2)) for (const level of m.spice?.level ?? []) expect(resolveModel(level, models).id).toBe(m.id);
  });

  const BAD: [string, string[], RegExp][] = [
    ['unknown model, closest suggested', ['characterise', 'hpp'], /unknown model 'hpp'; closest: memristor\.hp/],
    ['unknown parameter, the model\'s parameters named', ['characterise', 'hp', '--param', 'foo=1'], /no parameter 'foo'.*its parameters are ron, roff, d, uv, rinit, window, p, j/],
    ['parameter without a value', ['characterise', 'hp', '--param', 'ron'], /expected NAME=VALUE/],
    ['bad choice', ['characterise', 'hp', '--param', 'window=square'], /window=square: must be one of none, joglekar, biolek, prodromakis/],
    ['out of range', ['characterise', 'hp', '--param', 'ron=-5'], /ron=-5: must be in \[0, inf\]/],
    ['not a number', ['characterise', 'hp', '--param', 'ron=abc'], /ron=abc: not a number/],
    ['four-terminal model', ['characterise', 'vcvs'], /'vcvs' has 4 terminals/],
    ['independent source', ['characterise', 'vsource'], /'vsource' is an independent source/],
    ['bad frequency', ['characterise', 'hp', '--freq', '10,-1'], /--freq -1: expected a positive number/],
    ['bad amplitude', ['characterise', 'hp', '--amp', '0'], /--amp 0/],
    ['bad cycles', ['characterise', 'hp', '--cycles', '1.5'], /--cycles 1\.5/],
    ['no model', ['characterise'], /usage: memflow characterise/],
  ];
  for (const [name, args, message] of BAD) {
    it(`${name}: exit 2, one line`, async () => {
      const { code, out, err } = await cli(...args, '--out', join(dir, 'never'));
      expect(code, err).toBe(2);
      expect(out).toBe('');
      expect(err.trimEnd().split('\n')).toHaveLength(1);
      expect(err).toMatch(message);
      expect(err).not.toContain('    at ');
    });
  }
  it('writes nothing on bad input', () => {
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('the built CLI as a process', () => {
  it('characterises on the pool from the bundle and exits', () => {
    const out = join(dir, 'spawned');
    const started = Date.now();
    // --jobs 2 forces the pool even on a one-core machine.
    const res = spawnSync(process.execPath, [BIN, 'characterise', 'hp', ...HP, '--freq', '10,100', '--jobs', '2', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(res.error, 'the process did not exit').toBeUndefined();
    expect(res.status, res.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(res.stderr).toMatch(/memristor\.hp: 10 Hz done/);
    expect(res.stderr).toMatch(/memristor\.hp: 100 Hz done/);
    expect(res.stdout).toMatch(/pinch error/);
    const summary: CharacteriseSummary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.frequencies.map((f) => f.frequency)).toEqual([10, 100]);
    // Same numbers as the in-process run of the same frequencies from the sources.
    const inProcess = JSON.parse(readFileSync(join(dir, 'hp', 'summary.json'), 'utf8')) as CharacteriseSummary;
    expect(summary.frequencies.map((f) => f.lobeAreaTotal)).toEqual(inProcess.frequencies.slice(1).map((f) => f.lobeAreaTotal));
  });

  it('exits 2 with one line on an unknown model', () => {
    const res = spawnSync(process.execPath, [BIN, 'characterise', 'nope'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/unknown model 'nope'/);
  });
});
