/**
 * Plugins in the engine: the example package installs from its files inside an SES Compartment, passes
 * the SDK conformance suite and runs its example netlist; plugin code sees no host globals; broken
 * packages fail with a message that says what is wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPluginFolder } from '../../src/main/plugin-folder.js';
import { EngineCore } from '../../src/engine/engine.js';

const example = join(__dirname, '../../../plugins/examples/chang2011');

const manifest = (devices: object[] = [{ id: 'acme.probe', title: 'Probe', kind: 'passive', params: {} }]) =>
  JSON.stringify({ name: 'acme-probe', version: '0.1.0', memflow: { apiVersion: '1', main: './index.js', devices } });

describe('plugins in the engine', () => {
  it('installs the example plugin: conformance passes and its example netlist runs', async () => {
    const engine = new EngineCore();
    const r = await engine.installPlugin(readPluginFolder(example));
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ name: 'memflow-plugin-chang2011', ok: true });
    expect(r.value.models.map((m) => m.id)).toEqual(['chang2011.wox']);
    expect(r.value.models[0].checks.every((c) => c.ok)).toBe(true);
    expect(engine.models().map((m) => m.id)).toContain('chang2011.wox');
    expect(engine.installedPlugins()).toHaveLength(1);
    const sine = readFileSync(join(example, 'examples/sine.cir'), 'utf8');
    const loaded = engine.loadNetlist(sine, 'sine.cir');
    expect(loaded.ok, loaded.ok ? '' : loaded.message).toBe(true);
    // A second install of the same devices is refused.
    const again = await engine.installPlugin(readPluginFolder(example));
    expect(again).toEqual({ ok: false, message: "error: device model 'chang2011.wox' is already registered; a plugin cannot replace it" });
  });

  it('confines plugin code: only Math and the SDK, no host globals', async () => {
    const engine = new EngineCore();
    const spy = `
      import { defineScalarDevice } from '@memflow/plugin-sdk';
      const seen = [typeof process, typeof fetch, typeof require, typeof setTimeout, typeof Math.sin].join(',');
      export const devices = [defineScalarDevice({
        id: 'acme.probe', version: '0.1.0', title: seen, kind: 'passive', params: {}, states: {},
        current: (v, _x, _p, m) => m.mul(1e-3, v),
      })];`;
    const r = await engine.installPlugin({ 'package.json': manifest(), 'index.js': spy });
    expect(r.ok, r.ok ? '' : r.message).toBe(true);
    if (r.ok) expect(r.value.models[0].title).toBe('undefined,undefined,undefined,undefined,function');
  });

  it('refuses imports of anything but its own files and the SDK', async () => {
    const engine = new EngineCore();
    const r = await engine.installPlugin({ 'package.json': manifest(), 'index.js': "import fs from 'node:fs';\nexport const devices = [];" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^error: evaluating index\.js failed: .*the plugin imports 'node:fs': only its own files and @memflow\/plugin-sdk are available/);
  });

  it('reports manifests that are missing, malformed, for another API, or unlike the code', async () => {
    const engine = new EngineCore();
    const msg = async (files: Record<string, string>) => {
      const r = await engine.installPlugin(files);
      return r.ok ? 'ok' : r.message;
    };
    expect(await msg({ 'index.js': '' })).toMatch(/package\.json: no such file/);
    expect(await msg({ 'package.json': '{"name": "x"}' })).toMatch(/no "memflow" manifest/);
    expect(await msg({ 'package.json': JSON.stringify({ memflow: { apiVersion: '2', main: './index.js', devices: [{}] } }) })).toMatch(/needs memflow plugin API 2, but this memflow implements API 1/);
    expect(await msg({ 'package.json': manifest(), 'index.js': 'export const devices = [];' })).toMatch(/device 'acme\.probe' is in the manifest but not exported/);
    expect(await msg({ 'package.json': manifest() })).toMatch(/memflow\.main '\.\/index\.js' does not exist/);
  });
});
