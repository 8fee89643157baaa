/**
 * A package.json without a valid `memflow` manifest, or a plugin whose code does not match it. On its
 * own so that the CLI can recognise it without loading the plugin host (zod, semver, esbuild).
 */
export class PluginError extends Error {
  override name = 'PluginError';
}
