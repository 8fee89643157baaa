#!/usr/bin/env node
// Generates an N×N crossbar of XSPICE threshold memristors in the style of fixtures/bench/crossbar_16.cir:
// row i driven by SIN(0 A_i f_i) with f_i = 1.00 + 0.01·i Hz and A_i in [1.0, 1.5) V from a seeded PRNG,
// column j to ground through 10 Ω, device (i, j) uses model m((j − i) mod 4), `.tran 1m 2`.
// Deterministic for a given N and seed. (The fixtures themselves are fixed files; this does not
// reproduce their amplitudes, it makes more of the same kind.)
//
//   node bench/gen-crossbar.mjs N [--out FILE] [--seed S]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** mulberry32: small, fast, well-distributed 32-bit PRNG; returns numbers in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MODELS = [
  '.model m0 memristor (rmin=1k rmax=10k rinit=3.0k alpha=0 beta=10000 vt=0.6)',
  '.model m1 memristor (rmin=1k rmax=10k rinit=4.5k alpha=0 beta=20000 vt=0.7)',
  '.model m2 memristor (rmin=1k rmax=10k rinit=6.0k alpha=0 beta=30000 vt=0.8)',
  '.model m3 memristor (rmin=1k rmax=10k rinit=7.5k alpha=0 beta=40000 vt=0.9)',
];

export function crossbar(n, seed = n) {
  const rand = mulberry32(seed);
  const lines = [`* ${n}x${n} threshold-memristor crossbar (bench/gen-crossbar.mjs, seed ${seed})`];
  for (let i = 0; i < n; i++) {
    const amp = 1 + 0.5 * rand();
    lines.push(`V${i} r${i} 0 SIN(0 ${amp.toFixed(3)} ${(1 + 0.01 * i).toFixed(2)})`);
  }
  for (let j = 0; j < n; j++) lines.push(`RC${j} c${j} 0 10`);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) lines.push(`a${i}_${j} r${i} c${j} m${(((j - i) % 4) + 4) % 4}`);
  }
  lines.push(...MODELS);
  lines.push('.tran 1m 2');
  const cols = Array.from({ length: Math.min(4, n) }, (_, j) => `v(c${j})`);
  lines.push(`.print tran ${cols.join(' ')} i(v0)`);
  lines.push('.end', '');
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, seed: { type: 'string' } } });
  const n = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isInteger(n) || n < 1) {
    process.stderr.write('usage: node bench/gen-crossbar.mjs N [--out FILE] [--seed S]   (N ≥ 1 integer)\n');
    process.exit(2);
  }
  const seed = values.seed === undefined ? n : Number(values.seed);
  if (!Number.isInteger(seed)) {
    process.stderr.write(`--seed must be an integer, got '${values.seed}'\n`);
    process.exit(2);
  }
  const text = crossbar(n, seed);
  if (values.out) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, text);
  } else process.stdout.write(text);
}
