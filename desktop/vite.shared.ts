/** Vite settings shared by the web build and electron-vite's renderer build. */
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';

const at = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The workspaces' TypeScript sources, so the app needs no prior `tsc -b`. */
export const memflowAliases = {
  '@memflow/plugin-sdk': at('../plugins/sdk/src/index.ts'),
  '@memflow/nodes': at('../nodes/src/index.ts'),
  '@memflow/core': at('../core/src/index.ts'),
};

export const rendererConfig: UserConfig = {
  root: at('./src/renderer'),
  base: './',
  resolve: { alias: memflowAliases },
  worker: { format: 'es' },
  // Babel (inside @endo/module-source, in the engine worker) reads process.env; browsers have no process.
  define: { 'process.env': '{}' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, reportCompressedSize: false, rolldownOptions: { checks: { pluginTimings: false } } },
  server: { fs: { allow: [at('..')] } },
};
