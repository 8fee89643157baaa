/**
 * nodes/ (the built-in library) goes through the plugin door: its code imports nothing but the SDK and
 * its own files, its package depends on nothing else, and every built-in model satisfies the same
 * declaration checks the plugin host applies to third-party devices.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinDevices } from '@memflow/nodes';
import { declarationProblems } from '@memflow/plugin-sdk';

const NODES = join(__dirname, '../../../nodes');

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* sources(full);
    else if (/\.(ts|js|mjs)$/.test(name)) yield full;
  }
}

/** Every module specifier in a source text: static imports and re-exports, dynamic import(), require(). */
function specifiers(text: string): string[] {
  const re = /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)|\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g;
  return [...text.matchAll(re)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

describe('nodes/ imports nothing but @memflow/plugin-sdk', () => {
  it('finds the specifiers it must judge (the scanner itself)', () => {
    expect(specifiers(`import a from 'node:fs';\nimport type { X } from "./x.js";\nexport * from './y.js';\nconst m = await import('os');\nrequire("child_process");\nimport 'side-effect';`)).toEqual([
      'node:fs',
      './x.js',
      './y.js',
      'os',
      'child_process',
      'side-effect',
    ]);
  });

  it('every import in nodes/src is the SDK or a file inside nodes/src', () => {
    const src = join(NODES, 'src');
    const bad: string[] = [];
    let files = 0;
    for (const file of sources(src)) {
      files++;
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec === '@memflow/plugin-sdk') continue;
        const inside = spec.startsWith('.') && !relative(src, resolve(dirname(file), spec)).startsWith('..');
        if (!inside) bad.push(`${relative(NODES, file)}: '${spec}'`);
      }
    }
    expect(files).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });

  it('the nodes package depends on the SDK alone', () => {
    const pkg = JSON.parse(readFileSync(join(NODES, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(pkg.dependencies ?? {})).toEqual(['@memflow/plugin-sdk']);
  });

  it('every built-in model passes the declaration checks plugins pass', () => {
    expect(builtinDevices.length).toBeGreaterThan(10);
    for (const model of builtinDevices) expect(declarationProblems(model), model.id).toEqual([]);
  });
});
