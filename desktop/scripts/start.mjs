#!/usr/bin/env node
// `npm start`: builds the app with electron-vite and launches Electron — when its binary is installed.
// Installs made with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (as on these machines) have none: say so and how to
// run the same UI in a browser instead.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The installed binary (electron's own path.txt, read directly: requiring 'electron' would try to download it). */
function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const path = join(dir, 'dist', rel);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const electron = electronBinary();
if (!electron) {
  console.error(
    [
      'memflow desktop: the Electron binary is not installed (installs here use ELECTRON_SKIP_BINARY_DOWNLOAD=1).',
      'To get it, reinstall without that variable on a machine that can download it:',
      '  npm ci   (or: node node_modules/electron/install.js)',
      'Meanwhile the same UI runs in a browser, with the engine in a Web Worker:',
      '  npm run desktop:web      (then open the printed http://localhost URL)',
    ].join('\n'),
  );
  process.exit(1);
}

const build = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], { cwd: here, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(electron, [here], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
