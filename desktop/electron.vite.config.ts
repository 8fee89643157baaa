/**
 * electron-vite build of the Electron app (`npm run build:electron -w desktop`): the main process with the
 * engine's utility-process entry, the sandboxed preload (CommonJS, as sandboxed preloads must be) and the
 * renderer (the same one the web build makes). Everything but Electron is bundled.
 */
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { memflowAliases, rendererConfig } from './vite.shared.js';

const at = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    // The main process also reads session directories (core's Node session API); listed first, the longer prefix wins.
    resolve: { alias: { '@memflow/core/node/session': at('../core/src/node/session/index.ts'), ...memflowAliases } },
    build: {
      outDir: at('./dist/electron/main'),
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        input: { main: at('./src/main/main.ts'), utility: at('./src/engine/utility.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: at('./dist/electron/preload'),
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        input: { preload: at('./src/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: { ...rendererConfig, build: { ...rendererConfig.build, outDir: at('./dist/electron/renderer'), rollupOptions: { input: at('./src/renderer/index.html') } } },
});
