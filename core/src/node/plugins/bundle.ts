/**
 * A plugin's code as one CommonJS-style text that a Compartment can evaluate (plugin-worker.ts wraps
 * it in `function (require, module, exports)`). esbuild bundles the main module with its own files and
 * pure-JS dependencies; `@memflow/plugin-sdk` and Node's built-in modules stay outside as `require`
 * calls: the worker answers the first with the host's SDK and refuses the others with a message. The
 * output is a function of the sources alone (no timestamps, no absolute paths), so loading is
 * deterministic. Whitespace is minified, which drops comments: SES refuses any source text that looks
 * like `import(` — JSDoc types such as `{import('@memflow/plugin-sdk').Num}` included.
 */
import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const keepOutside: Plugin = {
  name: 'memflow-plugin-externals',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.path === '@memflow/plugin-sdk' || BUILTINS.has(args.path) || args.path.startsWith('node:')) return { path: args.path, external: true };
      return undefined;
    });
  },
};

/** Bundles `mainFile`; throws an Error listing esbuild's messages when the code does not build. */
export async function bundlePlugin(mainFile: string): Promise<string> {
  const result = await build({
    entryPoints: [mainFile],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    legalComments: 'none',
    minifyWhitespace: true,
    // What bundled libraries usually ask of `process`, answered at build time (plugins have no process).
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins: [keepOutside],
  }).catch((err: { errors?: { text: string; location?: { file: string; line: number } | null }[]; message: string }) => {
    const lines = err.errors?.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text)) ?? [err.message];
    throw new Error(`its code does not build: ${lines.join('; ')}`);
  });
  return result.outputFiles[0].text;
}
