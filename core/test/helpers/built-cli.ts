/**
 * Tests that run the CLI in a child process run the built bundle: this rebuilds it (tsc -b and the
 * bundle script) when any source is newer than the bundle.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../../..');
export const BIN = join(ROOT, 'core/bin/memflow.js');
const BUNDLE = join(ROOT, 'core/dist/node/memflow.bundle.mjs');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function ensureBuiltCli(): void {
  const sources = Math.max(...['core/src', 'nodes/src', 'plugins/sdk/src'].map((d) => newest(join(ROOT, d))));
  let built = 0;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= sources) return;
  execFileSync('npx', ['tsc', '-b'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}
