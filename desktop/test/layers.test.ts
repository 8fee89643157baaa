/** The layering rules for the desktop app (scripts/check-layers.mjs). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { violations } from '../../scripts/check-layers.mjs';

const root = join(__dirname, '../..');
const check = (file: string, line: string): string[] => violations(join(root, file), line);

describe('desktop layering', () => {
  it('keeps the renderer and the engine browser-only', () => {
    expect(check('desktop/src/renderer/app.ts', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(check('desktop/src/renderer/app.ts', "import { ipcRenderer } from 'electron';")).toHaveLength(1);
    expect(check('desktop/src/renderer/app.ts', "import { main } from '../../../core/src/node/cli.js';")).toHaveLength(1);
    expect(check('desktop/src/renderer/app.ts', "import { x } from '../main/menu.js';")).toHaveLength(1);
    expect(check('desktop/src/engine/engine.ts', "import { Worker } from 'worker_threads';")).toHaveLength(1);
    expect(check('desktop/src/renderer/app.ts', "import type { EngineCore } from '../engine/engine.js';")).toEqual([]);
    expect(check('desktop/src/renderer/app.ts', "import { Simulation } from '@memflow/core';")).toEqual([]);
    // Core's Node-only session API is for the main process.
    expect(check('desktop/src/renderer/views/sessions.ts', "import { SessionStore } from '@memflow/core/node/session';")).toHaveLength(1);
    expect(check('desktop/src/shared/sessions-api.ts', "import type { SessionStore } from '@memflow/core/node/session';")).toHaveLength(1);
    expect(check('desktop/src/main/sessions.ts', "import { SessionStore } from '@memflow/core/node/session';")).toEqual([]);
  });

  it('lets the preload import only electron and shared code, and main no renderer code', () => {
    expect(check('desktop/src/preload/preload.ts', "import { contextBridge } from 'electron';")).toEqual([]);
    expect(check('desktop/src/preload/preload.ts', "import { IPC } from '../shared/bridge.js';")).toEqual([]);
    expect(check('desktop/src/preload/preload.ts', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(check('desktop/src/preload/preload.ts', "import { App } from '../renderer/app.js';")).toHaveLength(1);
    expect(check('desktop/src/main/main.ts', "import { App } from '../renderer/app.js';")).toHaveLength(1);
    expect(check('desktop/src/main/main.ts', "import { readFileSync } from 'node:fs';")).toEqual([]);
  });
});
