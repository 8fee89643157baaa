/**
 * `memflow models` (alias `devices`): the listing, its JSON form, and the model documentation generated
 * from the definitions. Everything is checked against the registry at test time, so a model added to
 * nodes/ shows up without touching this file; only the committed docs/models/ must then be regenerated:
 * `npm run docs`, or `UPDATE_MODEL_DOCS=1 npx vitest run core/test/cli/models.test.ts`.
 */
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spiceToNetwork } from '../../src/common/compiler/index.js';
import { parseNetlist } from '../../src/common/netlist/index.js';
import { cli } from '../helpers/cli.js';
import { defaultRegistry } from '../../src/node/load.js';
import { docFileName, GENERATED_MARKER, INDEX_FILE, modelDocs, writeModelDocs } from '../../src/node/model-docs.js';
import { MODELS_FORMAT } from '../../src/node/models.js';

const DOCS = join(__dirname, '../../../docs/models');
const registry = defaultRegistry();
const models = registry.all();
const dir = mkdtempSync(join(tmpdir(), 'memflow-models-'));


describe('memflow models', () => {
  it('lists every model on one unindented line, then its parameters and states indented', async () => {
    const { code, out, err } = await cli('models');
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    const heads = lines.filter((l) => !l.startsWith(' '));
    expect(heads.map((l) => l.split(/\s+/)[0])).toEqual(models.map((m) => m.id));
    for (const m of models) {
      const at = lines.findIndex((l) => l.split(/\s+/)[0] === m.id && !l.startsWith(' '));
      expect(lines[at]).toContain(m.title);
      expect(lines[at]).toContain(m.kind);
      if (m.spice) expect(lines[at]).toContain(m.spice.letter);
      for (const level of m.spice?.level ?? []) expect(lines[at]).toContain(level);
      const next = lines.slice(at + 1).findIndex((l) => !l.startsWith(' '));
      const block = lines.slice(at + 1, next < 0 ? undefined : at + 1 + next);
      for (const p of Object.keys(m.params)) expect(block.some((l) => l.trim().startsWith(`${p} `)), `${m.id} ${p}`).toBe(true);
      for (const s of Object.keys(m.states ?? {})) expect(block.some((l) => l.trim().startsWith(`state ${s}`)), `${m.id} ${s}`).toBe(true);
      if (m.citation) expect(block.some((l) => l.includes(m.citation!))).toBe(true);
    }
  });

  it('keeps `devices` as an alias', async () => {
    const a = await cli('models');
    const b = await cli('devices');
    expect(b).toEqual(a);
  });

  it('--json gives every declared field, with every key present in a fixed order', async () => {
    const { code, out } = await cli('models', '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual(['format', 'models']);
    expect(doc.format).toBe(MODELS_FORMAT);
    expect(doc.models.map((m: { id: string }) => m.id)).toEqual(models.map((m) => m.id));
    const MODEL_KEYS = ['id', 'version', 'title', 'kind', 'description', 'terminals', 'internalNodes', 'branches', 'spice', 'params', 'states', 'citation'];
    const PARAM_KEYS = ['name', 'default', 'unit', 'min', 'max', 'choices', 'aliases', 'doc'];
    const STATE_KEYS = ['name', 'init', 'min', 'max', 'unit', 'abstol', 'doc'];
    const SPICE_KEYS = ['letter', 'value', 'modelType', 'levels', 'source', 'controlledByCurrent'];
    models.forEach((m, k) => {
      const j = doc.models[k];
      expect(Object.keys(j)).toEqual(MODEL_KEYS);
      expect(j.title).toBe(m.title);
      expect(j.kind).toBe(m.kind);
      expect(j.terminals).toEqual(m.terminals);
      expect(j.citation).toBe(m.citation ?? null);
      if (m.spice) {
        expect(Object.keys(j.spice)).toEqual(SPICE_KEYS);
        expect(j.spice.letter).toBe(m.spice.letter);
        expect(j.spice.modelType).toBe(m.spice.modelType ?? null);
        expect(j.spice.levels).toEqual(m.spice.level?.length ? m.spice.level : null);
      } else expect(j.spice).toBeNull();
      expect(j.params.map((p: { name: string }) => p.name)).toEqual(Object.keys(m.params));
      for (const p of j.params) {
        expect(Object.keys(p)).toEqual(PARAM_KEYS);
        const spec = m.params[p.name];
        expect([p.default, p.unit, p.min, p.max, p.doc]).toEqual([spec.default, spec.unit ?? null, spec.min ?? null, spec.max ?? null, spec.doc ?? null]);
        expect(p.choices).toEqual(spec.choices ?? null);
      }
      expect(j.states.map((s: { name: string }) => s.name)).toEqual(Object.keys(m.states ?? {}));
      for (const s of j.states) {
        expect(Object.keys(s)).toEqual(STATE_KEYS);
        const spec = m.states![s.name];
        expect([s.init, s.min, s.max, s.unit]).toEqual([spec.init, spec.min ?? null, spec.max ?? null, spec.unit ?? null]);
      }
    });
    // The same registry gives the same bytes.
    expect((await cli('models', '--json')).out).toBe(out);
  });

  it('the HP memristor is listed with its SPICE level and its window choices', async () => {
    const { out } = await cli('models', '--json');
    const hp = JSON.parse(out).models.find((m: { id: string }) => m.id === 'memristor.hp');
    expect(hp.spice).toMatchObject({ letter: 'Y', modelType: 'memristor', levels: ['hp'] });
    expect(hp.params.find((p: { name: string }) => p.name === 'window').choices).toEqual(['none', 'joglekar', 'biolek', 'prodromakis']);
    expect(hp.states).toEqual([{ name: 'x', init: 0, min: 0, max: 1, unit: null, abstol: 1e-9, doc: 'Normalised doped width w/D' }]);
  });

  it('names select models by id or SPICE level; an unknown name or a selection with --docs exits 2', async () => {
    const picked = JSON.parse((await cli('models', 'hp', 'RESISTOR', '--json')).out) as { models: { id: string }[] };
    expect(picked.models.map((m) => m.id)).toEqual(['memristor.hp', 'resistor']);
    const { code, err } = await cli('models', 'extra');
    expect(code).toBe(2);
    expect(err).toMatch(/^error: no device model 'extra'/);
    expect((await cli('models', 'hp', '--docs', 'out')).err).toMatch(/^error: usage: memflow models/);
    expect((await cli('models', '--bogus')).code).toBe(2);
  });
});

describe('model documentation (docs/models)', () => {
  const generated = modelDocs(models, registry.lookup);

  it('has an index and one page per model, each with its tables, usage and citation', () => {
    expect([...generated.keys()].sort()).toEqual([INDEX_FILE, ...models.map((m) => docFileName(m.id))].sort());
    const index = generated.get(INDEX_FILE)!;
    for (const m of models) {
      expect(index).toContain(`](${docFileName(m.id)})`);
      const page = generated.get(docFileName(m.id))!;
      expect(page.startsWith(GENERATED_MARKER)).toBe(true);
      expect(page).toContain(`# ${m.title}`);
      if (m.description) expect(page).toContain(m.description);
      for (const section of ['## Terminals', '## Parameters', '## States', '## Usage', '## Citation']) expect(page).toContain(section);
      for (const p of Object.keys(m.params)) expect(page).toContain(`| \`${p}\` |`);
      for (const s of Object.keys(m.states ?? {})) expect(page).toContain(`| \`${s}\` |`);
      if (m.citation) expect(page).toContain(m.citation);
      if (m.spice) expect(page).toContain('```spice');
    }
    const hp = generated.get('memristor.hp.md')!;
    expect(hp).toContain('level=hp');
    expect(hp).toMatch(/^\.model \S+ memristor \(level=hp /m);
    expect(hp).toMatch(/^YMEMRISTOR \S+ p n \S+$/m);
  });

  it("each page's SPICE example reads back as that model", () => {
    for (const m of models) {
      if (!m.spice) continue;
      const page = generated.get(docFileName(m.id))!;
      const example = /```spice\n([\s\S]*?)```/.exec(page)![1];
      expect(example, `${m.id}: the SPICE writer could not spell the example`).not.toMatch(/^\* no example/);
      const network = spiceToNetwork(parseNetlist(`${example}.end\n`, { file: `${m.id}.cir` }), registry);
      expect(network.elements[0].device, `${m.id}:\n${example}`).toBe(m.id);
      const card = network.elements[0].model === undefined ? undefined : network.models?.[network.elements[0].model];
      // Every parameter written at its default reads back at its default.
      const params = { ...card?.params, ...network.elements[0].params };
      for (const [name, value] of Object.entries(params)) expect(value, `${m.id} ${name}`).toBe(m.params[name].default);
    }
  });

  it('matches the committed files (npm run docs regenerates them)', () => {
    if (process.env.UPDATE_MODEL_DOCS === '1') writeModelDocs(DOCS, generated);
    const hint = 'run `npm run docs` (or UPDATE_MODEL_DOCS=1 npx vitest run core/test/cli/models.test.ts) to regenerate docs/models';
    const committed = existsSync(DOCS) ? readdirSync(DOCS).filter((f) => f.endsWith('.md')) : [];
    expect(committed.sort(), hint).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) expect(readFileSync(join(DOCS, name), 'utf8'), `${name}: ${hint}`).toBe(text);
  });

  it('--docs DIR writes the pages and removes stale generated ones, never hand-written files', async () => {
    const out = join(dir, 'docs');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'gone.model.md'), `${GENERATED_MARKER}\n\n# A model that no longer exists\n`);
    writeFileSync(join(out, 'notes.md'), '# Hand-written notes\n');
    const { code, out: stdout } = await cli('models', '--docs', out);
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote \d+ files .*removed 1 stale page/);
    expect(existsSync(join(out, 'gone.model.md'))).toBe(false);
    expect(readFileSync(join(out, 'notes.md'), 'utf8')).toBe('# Hand-written notes\n');
    for (const [name, text] of generated) expect(readFileSync(join(out, name), 'utf8')).toBe(text);
  });
});
