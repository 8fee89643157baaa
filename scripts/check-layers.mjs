#!/usr/bin/env node
// Layering check (VS Code style): fails when code imports across a boundary it must not cross.
//  - src/common/** runs anywhere: no node: built-ins, no src/node or src/browser code, no Node-only packages.
//  - nodes/** (built-in device models) imports only @memflow/plugin-sdk and its own files.
//  - src/browser/** never imports src/node/**, and vice versa.
//  - desktop: the renderer, the engine and shared/ are browser code (no node: built-ins, no Electron, no
//    core src/node, no main/preload); the preload imports only Electron and shared/; main never imports
//    the renderer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_ONLY_PACKAGES = new Set(['piscina', 'better-sqlite3', 'electron', 'fs-extra']);
const BUILTINS = new Set(['fs', 'path', 'os', 'child_process', 'worker_threads', 'url', 'util', 'crypto', 'stream', 'events', 'http', 'https', 'net', 'zlib', 'module', 'process', 'readline', 'tty']);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield full;
  }
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

export function violations(file, text) {
  const rel = relative(root, file).split(sep).join('/');
  const out = [];
  const inCommon = /(^|\/)src\/common\//.test(rel);
  const inBrowser = /(^|\/)src\/browser\//.test(rel);
  const inNodeLayer = /(^|\/)src\/node\//.test(rel);
  const inNodes = rel.startsWith('nodes/src/');
  const desktopPart = /^desktop\/src\/(renderer|engine|shared|preload|main)\//.exec(rel)?.[1];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const line = text.slice(0, m.index).split('\n').length;
    const target = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).split(sep).join('/') : spec;
    const say = (why) => out.push(`${rel}:${line}: imports '${spec}': ${why}`);
    const isBuiltin = spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]);
    // The core's Node-only entry points (e.g. @memflow/core/node/session) count as src/node code.
    const coreNode = spec.startsWith('@memflow/core/node');
    if (inCommon) {
      if (isBuiltin) say('src/common must run in browsers and workers; move this code to src/node');
      if (coreNode || /(^|\/)src\/(node|browser)\//.test(target)) say('src/common must not depend on src/node or src/browser');
      if (NODE_ONLY_PACKAGES.has(spec.split('/')[0])) say('Node-only package in src/common');
    }
    if (inBrowser && (isBuiltin || coreNode || /(^|\/)src\/node\//.test(target))) say('src/browser must not use Node code');
    if (inNodeLayer && /(^|\/)src\/browser\//.test(target)) say('src/node must not use browser code');
    if (desktopPart) {
      const to = /^desktop\/src\/(renderer|engine|shared|preload|main)\//.exec(target)?.[1];
      const browserCode = desktopPart === 'renderer' || desktopPart === 'engine' || desktopPart === 'shared';
      if (browserCode && (isBuiltin || spec === 'electron' || coreNode || /(^|\/)src\/node\//.test(target) || to === 'main' || to === 'preload')) {
        say(`desktop/src/${desktopPart} runs in a browser or worker: no Node built-ins, Electron, main/preload or core src/node code (talk to the host through the bridge)`);
      }
      if (desktopPart === 'preload' && ((!spec.startsWith('.') && spec !== 'electron') || (spec.startsWith('.') && to !== 'preload' && to !== 'shared'))) {
        say('the sandboxed preload may import only electron, shared/ and its own files');
      }
      if (desktopPart === 'main' && (to === 'renderer' || to === 'engine')) say('the main process must not import renderer or engine code (the engine runs in its utility process)');
    }
    if (inNodes && !spec.startsWith('.') && spec !== '@memflow/plugin-sdk') say('device models in nodes/ may import only @memflow/plugin-sdk');
    if (inNodes && spec.startsWith('.') && !target.startsWith('nodes/')) say('device models in nodes/ may not reach outside nodes/');
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = [];
  for (const dir of ['core', 'nodes', 'plugins', 'desktop']) {
    try {
      statSync(join(root, dir));
    } catch {
      continue;
    }
    for (const f of files(join(root, dir))) if (!/\/test\//.test(f)) problems.push(...violations(f, readFileSync(f, 'utf8')));
  }
  if (problems.length > 0) {
    console.error(`layering check: ${problems.length} violation(s)\n` + problems.join('\n'));
    process.exit(1);
  }
  console.log('layering check: ok');
}
