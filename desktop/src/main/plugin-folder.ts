/**
 * Reads a plugin folder into the plain files map the engine installs from: package.json and the
 * JavaScript/JSON files under it (no node_modules), with size limits so a wrong folder fails fast.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const MAX_FILES = 200;
const MAX_BYTES = 5 * 1024 * 1024;

export function readPluginFolder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  let bytes = 0;
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (/\.(m?js|json)$/.test(name)) {
        bytes += st.size;
        if (Object.keys(files).length >= MAX_FILES || bytes > MAX_BYTES) throw new Error(`${dir}: more than ${MAX_FILES} files or ${MAX_BYTES / 1048576} MiB; is this a plugin folder?`);
        files[relative(dir, full).split(sep).join('/')] = readFileSync(full, 'utf8');
      }
    }
  };
  walk(dir);
  if (!('package.json' in files)) throw new Error(`${dir}: no package.json (a plugin is a folder with a package.json carrying a "memflow" manifest)`);
  return files;
}
