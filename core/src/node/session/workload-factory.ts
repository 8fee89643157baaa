/** Builds a session's workload from its spec, reading the data it names (fixtures or the session's inputs/). */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { digitsDataset, irisDataset, splitLabelledCsv, xorDataset, type Dataset } from '../../common/learning/data.js';
import { EqPropOnline } from '../../common/session/eqprop-online.js';
import { ReservoirOnline } from '../../common/session/reservoir-online.js';
import type { SessionSpec } from '../../common/session/spec.js';
import { scalarStream } from '../../common/session/stimulus.js';
import type { SessionWorkload } from '../../common/session/workload.js';
import type { DeviceLookup } from '../../common/solver/system.js';
import { InputError } from '../errors.js';

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${what} ${file} cannot be read: ${(err as Error).message}`);
  }
}

/** Values of a one-column file (a non-numeric first line is a header). */
export function parseSeries(text: string, file: string): Float64Array {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length > 0 && !Number.isFinite(Number(lines[0].split(',')[0]))) lines.shift();
  const values = lines.map((l, k) => {
    const v = Number(l.split(',')[0]);
    if (!Number.isFinite(v)) throw new InputError(`${file}:${k + 1}: '${l}' is not a number`);
    return v;
  });
  if (values.length === 0) throw new InputError(`${file}: no values`);
  return Float64Array.from(values);
}

function dataset(spec: SessionSpec, fixtures: string, base: string): Dataset {
  const s = spec.stimulus;
  if (s.kind !== 'dataset') throw new Error('internal: not a dataset stimulus');
  const vmax = s.vmax;
  switch (s.name) {
    case 'xor':
      return xorDataset(-(vmax ?? 1), vmax ?? 1);
    case 'iris':
      return irisDataset(readText(join(fixtures, 'data', 'iris.csv'), 'data set'), spec.seed, s.train, vmax);
    case 'digits':
      return digitsDataset(readText(join(fixtures, 'data', 'digits.csv'), 'data set'), spec.seed, s.train, vmax);
    case 'file': {
      const file = isAbsolute(s.file!) ? s.file! : join(base, s.file!);
      const csv = readText(file, 'data set');
      return splitLabelledCsv(file, csv, spec.seed, s.train ?? Math.round(0.7 * csv.split('\n').length), vmax ?? 1);
    }
  }
}

/** `base` resolves relative stimulus files (the session directory once the session exists). */
export function buildWorkload(spec: SessionSpec, fixtures: string, base: string, lookup?: DeviceLookup): SessionWorkload {
  const w = spec.workload;
  if (w.kind === 'eqprop-online') {
    const s = spec.stimulus;
    if (s.kind !== 'dataset') throw new InputError('eqprop-online needs a dataset stimulus');
    return new EqPropOnline(w, dataset(spec, fixtures, base), s.epochs, spec.seed, lookup);
  }
  const s = spec.stimulus;
  let series: Float64Array | undefined;
  if (s.kind === 'file') {
    const file = isAbsolute(s.file) ? s.file : join(base, s.file);
    series = parseSeries(readText(file, 'stimulus file'), file);
  }
  try {
    return new ReservoirOnline(w, scalarStream(s, series), spec.seed, lookup);
  } catch (err) {
    if (err instanceof RangeError) throw new InputError(err.message);
    throw err;
  }
}
