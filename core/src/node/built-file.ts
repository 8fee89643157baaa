/** Where a built file (a worker bundle, a tsc-compiled worker) is, seen from the running module. */
import { fileURLToPath } from 'node:url';

/** The CLI bundle (`memflow.bundle.mjs`) and its chunks (`memflow-*.mjs`) all sit in dist/node/. */
const IN_CLI_BUNDLE = /\/memflow[.-][^/]*\.mjs$/;

/**
 * The path of a built file for code running at `moduleUrl`, `depth` folders below src/node/ (or
 * dist/node/): from the CLI bundle or one of its chunks, `bundled` relative to dist/node/; from the tsc
 * output, `compiled` relative to dist/node/; from the TypeScript sources (vitest), the tsc output.
 */
export function builtFile(moduleUrl: string, depth: number, bundled: string, compiled: string): string {
  const up = '../'.repeat(depth);
  if (IN_CLI_BUNDLE.test(moduleUrl)) return fileURLToPath(new URL(`./${bundled}`, moduleUrl));
  const distNode = moduleUrl.endsWith('.ts') ? `${up}../../dist/node/` : up || './';
  return fileURLToPath(new URL(distNode + compiled, moduleUrl));
}
