/**
 * The example gallery's contents: every netlist in fixtures/examples and the plugins' examples (bundled
 * as text at build time), the generated nanowire network, and the engine's experiments.
 */
import type { NanowireDialogOptions } from '../shared/engine-api.js';

const fixtureFiles = import.meta.glob('../../../fixtures/examples/*.cir', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const pluginExampleFiles = import.meta.glob('../../../plugins/examples/*/examples/*.cir', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface NetlistExample {
  readonly kind: 'netlist';
  readonly name: string;
  readonly file: string;
  readonly text: string;
  readonly description: string;
  /** The plugin it needs, if any. */
  readonly plugin?: string;
}

export interface NanowireExample {
  readonly kind: 'nanowire';
  readonly name: string;
  readonly description: string;
  readonly options: NanowireDialogOptions;
}

export type Example = NetlistExample | NanowireExample;

/** The somn-pathway set-up (core/src/common/somn): 200 wires of 10±2 in 50×50, 0.2 V DC for 5 s. */
export const NANOWIRE_DEFAULTS: NanowireDialogOptions = { wires: 200, lengthMean: 10, lengthStd: 2, width: 50, height: 50, seed: 1, vbias: 0.2, tstop: 5 };

function describe(text: string): string {
  const first = text.split('\n')[0] ?? '';
  return first.replace(/^\*\s*/, '').trim();
}

function netlists(files: Record<string, string>, plugin?: (path: string) => string): NetlistExample[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => {
      const file = path.replace(/^(\.\.\/)+/, '');
      return { kind: 'netlist' as const, name: file.split('/').pop()!, file, text, description: describe(text), plugin: plugin?.(path) };
    });
}

export const EXAMPLES: readonly Example[] = [
  {
    kind: 'nanowire',
    name: 'nanowire network',
    description: 'Self-organising nanowire network: 200 random wires, memristive junctions, 0.2 V DC bias between two electrodes (a conducting path forms)',
    options: NANOWIRE_DEFAULTS,
  },
  ...netlists(fixtureFiles),
  ...netlists(pluginExampleFiles, (path) => /plugins\/examples\/([^/]+)\//.exec(path)![1]),
];
