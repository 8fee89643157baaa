/**
 * The renderer as a plain web page (engine in a Web Worker): `npm run build:web -w desktop` writes
 * dist/web, which the end-to-end tests serve. electron.vite.config.ts builds the same renderer for Electron.
 */
import { defineConfig } from 'vite';
import { rendererConfig } from './vite.shared.js';

export default defineConfig({ ...rendererConfig, build: { ...rendererConfig.build, outDir: '../../dist/web', emptyOutDir: true } });
