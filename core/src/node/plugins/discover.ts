/**
 * Where plugins come from, in this order (a later duplicate of a package name is skipped):
 *  1. `--plugins DIR` on the command line: DIR itself when it is a plugin package, else its
 *     sub-directories that are;
 *  2. the per-user plugin directory: $MEMFLOW_PLUGINS_DIR, else $XDG_DATA_HOME/memflow/plugins, else
 *     ~/.memflow/plugins (the desktop app installs into the same folder);
 *  3. installed npm packages: the dependencies of ./package.json that are installed in ./node_modules
 *     and carry a `memflow` manifest.
 * Only package.json files are read here: finding plugins runs no plugin code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The per-user plugin directory (it need not exist). */
export function userPluginDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MEMFLOW_PLUGINS_DIR) return resolve(env.MEMFLOW_PLUGINS_DIR);
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'memflow', 'plugins');
  return join(homedir(), '.memflow', 'plugins');
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function isPluginPackage(dir: string): boolean {
  const pkg = readJson(join(dir, 'package.json'));
  return pkg !== undefined && 'memflow' in pkg;
}

/** Plugin packages directly under `dir` (scoped `@scope/name` folders included), sorted. */
export function pluginPackagesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (!statSync(full).isDirectory()) continue;
    if (name.startsWith('@')) out.push(...pluginPackagesIn(full));
    else if (isPluginPackage(full)) out.push(full);
  }
  return out;
}

/** Installed dependencies of `cwd`'s package.json that are plugin packages. */
export function installedPluginPackages(cwd: string): string[] {
  const pkg = readJson(join(cwd, 'package.json'));
  if (!pkg) return [];
  const names = new Set<string>();
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = pkg[field];
    if (typeof deps === 'object' && deps !== null) for (const n of Object.keys(deps)) names.add(n);
  }
  return [...names]
    .sort()
    .map((n) => join(cwd, 'node_modules', n))
    .filter(isPluginPackage);
}

export interface DiscoverOptions {
  /** `--plugins` directories. */
  readonly dirs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Look in the user directory and npm packages too (default true); false: the `dirs` only. */
  readonly discover?: boolean;
}

export interface FoundPlugin {
  readonly dir: string;
  readonly source: 'command line' | 'user directory' | 'npm package';
}

export function discoverPlugins(options: DiscoverOptions = {}): FoundPlugin[] {
  const found: FoundPlugin[] = [];
  for (const dir of options.dirs ?? []) {
    const abs = resolve(dir);
    for (const d of isPluginPackage(abs) ? [abs] : pluginPackagesIn(abs)) found.push({ dir: d, source: 'command line' });
  }
  if (options.discover !== false) {
    for (const dir of pluginPackagesIn(userPluginDir(options.env))) found.push({ dir, source: 'user directory' });
    for (const dir of installedPluginPackages(resolve(options.cwd ?? '.'))) found.push({ dir, source: 'npm package' });
  }
  const seen = new Set<string>();
  return found.filter((f) => {
    const name = String(readJson(join(f.dir, 'package.json'))?.name ?? f.dir);
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}
