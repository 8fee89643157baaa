import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPluginFolder } from '../../src/main/plugin-folder.js';

const example = join(__dirname, '../../../plugins/examples/chang2011');

describe('reading a plugin folder', () => {
  it('collects package.json and the JavaScript files, by relative path', () => {
    const files = readPluginFolder(example);
    expect(Object.keys(files)).toContain('package.json');
    expect(Object.keys(files)).toContain('src/index.js');
    expect(Object.keys(files).every((p) => /\.(m?js|json)$/.test(p) && !p.includes('node_modules'))).toBe(true);
    expect(JSON.parse(files['package.json']).memflow.main).toBe('./src/index.js');
  });

  it('refuses a folder without package.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memflow-plugin-'));
    writeFileSync(join(dir, 'index.js'), 'export const devices = [];');
    expect(() => readPluginFolder(dir)).toThrow(/no package\.json/);
  });
});
