/**
 * `memflow plugin list [--plugins DIR ...]`: the plugins memflow would load and what they contribute,
 * read from their manifests alone — no plugin code runs. Unusable ones (incompatible API, bad manifest)
 * are listed with the reason.
 */
import { discoverPlugins, userPluginDir } from './plugins/discover.js';
import { PluginError, readPluginPackage } from './plugin-load.js';

export function listPlugins(dirs: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = '.'): string {
  const found = discoverPlugins({ dirs, env, cwd });
  const lines = [`plugins (command line, then ${userPluginDir(env)}, then npm dependencies of ./package.json); manifests only, no plugin code run:`];
  if (found.length === 0) lines.push('  none');
  for (const f of found) {
    try {
      const p = readPluginPackage(f.dir);
      lines.push(`  ${p.name} ${p.version} (plugin API ${p.manifest.apiVersion}; ${f.source}: ${f.dir})`);
      for (const d of p.manifest.devices) {
        const states = Object.keys(d.states);
        const spice = d.spice ? `${d.spice.letter}${d.spice.modelType ? ` .model ${d.spice.modelType}` : ''} level=${d.spice.level.join('|')}` : 'known from the code only';
        lines.push(`    ${d.id}  ${d.kind}  ${d.title}; parameters: ${Object.keys(d.params).join(', ') || 'none'}; states: ${states.join(', ') || 'none'}; SPICE: ${spice}`);
      }
    } catch (err) {
      if (!(err instanceof PluginError)) throw err;
      lines.push(`  UNUSABLE (${f.source}: ${f.dir}): ${err.message}`);
    }
  }
  return lines.join('\n') + '\n';
}
