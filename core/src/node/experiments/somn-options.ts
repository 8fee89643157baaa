/** `--set key=value` knobs shared by the somn-* experiments: checked, with a clear error for anything else. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { ExperimentContext } from './types.js';

export interface SomnKnobs {
  wires?: number;
  /** Nanowire junction conductance: 0 binary, 1 tunnelling. */
  mode?: number;
}

/** Every somn-* experiment's `--set` keys start with these. */
export const SOMN_SETTINGS = ['wires', 'mode'] as const;

export function somnKnobs(ctx: ExperimentContext, name: string): SomnKnobs & Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(ctx.options)) {
    if (key === 'mode') {
      if (value !== 'binary' && value !== 'tunnelling') throw new InputError(`${name}: --set mode=${value}: expected binary or tunnelling`);
      out.mode = value === 'binary' ? 0 : 1;
      continue;
    }
    const v = Number(value);
    if (!Number.isFinite(v) || v <= 0) throw new InputError(`${name}: --set ${key}=${value}: expected a positive number`);
    if (key === 'wires' && (!Number.isInteger(v) || v < 10)) throw new InputError(`${name}: --set wires=${value}: expected a whole number >= 10`);
    out[key] = v;
  }
  return out;
}

export function modeParams(k: SomnKnobs): Record<string, number> {
  return k.mode === undefined ? {} : { mode: k.mode };
}

/** Writes SVG figures into the experiment's output folder and keeps their paths, in order. */
export function figureWriter(ctx: ExperimentContext): { readonly figures: string[]; write(file: string, svg: string): void } {
  const figures: string[] = [];
  return {
    figures,
    write(file, svg) {
      const path = join(ctx.outDir, file);
      writeFileSync(path, svg);
      figures.push(path);
    },
  };
}
