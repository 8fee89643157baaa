/**
 * End to end in real Chromium (Debian's /usr/bin/chromium through playwright-core): the renderer built
 * with vite, served locally, the engine in a Web Worker. Each step saves a screenshot to
 * test-output/e2e/. No Electron involved.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RecentFiles } from '../../src/main/recent-files.js';
import { SessionService } from '../../src/main/sessions.js';
import { CLI, ensureBuiltCli, readStore, reservoirSpec, ROOT, runSession, writeSpec, xorSpec } from '../helpers/sessions.js';
import { serve, SESSION_API_PATH } from './serve.js';

const desktop = fileURLToPath(new URL('../../', import.meta.url));
const repo = join(desktop, '..');
const shots = join(repo, 'test-output', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: Awaited<ReturnType<typeof serve>>;
let context: BrowserContext;
let page: Page;
let profile: string;
/** Session directories made for the Sessions view's tests. */
const sessionsRoot = mkdtempSync(join(tmpdir(), 'memflow-e2e-sessions-'));
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

/** Evaluates against the app object the renderer exposes (read-only use). */
type AppHandle = {
  graph: { edgeColours(): string[]; frames: number };
  plot: { points: number; names: string[] };
  iv: { points: number };
  controls: { status: { status: string; time: number; windows: number } };
  client: { lastSnapshot?: { windows: number; events: { element: string; name: string; value: number }[] }; remote: { crash(): Promise<void>; status(): Promise<{ status: string; time: number; windows: number }> } };
};
const app = <T>(fn: (a: AppHandle) => T | Promise<T>): Promise<T> =>
  page.evaluate(`(${fn.toString()})(window.memflowApp)`) as Promise<T>;

const status = () => app((a) => a.controls.status);

/** Polls until the expectation holds: the machine is shared, so waits are generous (never asserted on). */
const eventually = <T>(fn: () => Promise<T> | T, opts: { timeout?: number } = {}) => expect.poll(fn, { timeout: 30_000, interval: 50, ...opts });

/** Ends the current run (a no-op when it already finished: the Stop button may disable itself meanwhile). */
const loads = async () => Number((await page.locator('body').getAttribute('data-loads')) ?? 0);

/**
 * Loads the nanowire example, runs it and pauses it after more than `windows` windows. On a loaded
 * machine the run may end before Pause lands (the button then disables itself): it is started afresh,
 * up to three times — what the callers test is a paused session, not how quickly one can be caught.
 */
async function runNanowireAndPause(windows: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await loading(() => page.getByTestId('example-nanowire network').click());
    expect((await status()).status).toBe('created');
    await page.getByTestId('btn-run').click();
    await eventually(async () => (await status()).windows, { timeout: 60_000 }).toBeGreaterThan(windows);
    await page.getByTestId('btn-pause').click({ timeout: 2000 }).catch(() => undefined);
    await eventually(async () => (await status()).status).not.toBe('running');
    if ((await status()).status === 'paused' || attempt === 3) break;
  }
  expect((await status()).status).toBe('paused');
}

/** Does `open` (a click that loads a network) and waits until the app has shown the new network. */
async function loading(open: () => Promise<unknown>): Promise<void> {
  const before = await loads();
  await open();
  await eventually(loads).toBeGreaterThan(before);
}

async function stopIfRunning(): Promise<void> {
  await app((a) => (a.controls as unknown as { stop(): Promise<void> }).stop());
  expect((await status()).status).toMatch(/done|faulted/);
}

describe('desktop app in Chromium (engine in a Web Worker)', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
    mkdirSync(shots, { recursive: true });
    await build({ configFile: join(desktop, 'vite.web.config.ts'), logLevel: 'warn' });
    let recentSessions = '';
    const sessions = new SessionService({
      cli: { command: process.execPath, args: [CLI] },
      logDir: join(sessionsRoot, 'logs'),
      recent: new RecentFiles({ read: () => recentSessions || undefined, write: (t) => (recentSessions = t) }),
    });
    server = await serve(join(desktop, 'dist', 'web'), { sessions });
    profile = mkdtempSync(join(tmpdir(), 'memflow-e2e-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // WebGL (sigma.js) without a GPU: ANGLE on SwiftShader.
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await page.getByTestId('example-nanowire network').waitFor();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    rmSync(sessionsRoot, { recursive: true, force: true });
  });

  test('opens the nanowire example: a graph of wires with marked electrodes', async () => {
    await shot('01-gallery');
    await loading(() => page.getByTestId('example-nanowire network').click());
    await eventually(() => page.locator('.graph-title').textContent()).toContain('200 wires');
    // The WebGL canvases exist and the electrodes are in the graph.
    expect(await page.locator('[data-testid=graph] canvas').count()).toBeGreaterThan(0);
    expect(await app((a) => (a as unknown as { info: { electrodes: string[] } }).info.electrodes)).toEqual(['e1', 'e2']);
    expect(await status()).toMatchObject({ status: 'created' });
    await shot('02-nanowire-opened');
    // Click the longest-drawn junction at its midpoint on the canvas: the inspector shows it.
    const target = await app((a) => {
      type Point = { x: number; y: number; length: number };
      const graph = a.graph as unknown as { screenPointOf(e: string): Point };
      const edges = (a as unknown as { info: { edges: string[] } }).info.edges;
      let best = { id: '', at: { x: 0, y: 0, length: 0 } as Point };
      for (const id of edges) {
        const at = graph.screenPointOf(id);
        if (at.length > best.at.length) best = { id, at };
      }
      return best;
    });
    await page.mouse.click(target.at.x, target.at.y);
    await eventually(() => page.locator('[data-testid=selected-element]').count()).toBe(1);
    expect(await page.getByTestId('selected-element').textContent()).toBe(target.id);
    expect(await page.getByTestId('element-details').textContent()).toContain('memristor.nanowire');
    await shot('02b-junction-inspected');
  });

  test('runs it: the graph recolours and the plot fills', async () => {
    const before = await app((a) => a.graph.edgeColours());
    await page.getByTestId('btn-run').click();
    await eventually(() => app((a) => a.graph.frames), { timeout: 60_000 }).toBeGreaterThan(30);
    await eventually(() => app((a) => a.plot.points), { timeout: 30_000 }).toBeGreaterThan(50);
    const after = await app((a) => a.graph.edgeColours());
    const changed = after.filter((c, k) => c !== before[k]).length;
    expect(changed).toBeGreaterThan(after.length / 2);
    // Colours differ among edges: a conductance map, not a uniform wash.
    expect(new Set(after).size).toBeGreaterThan(3);
    await shot('03-running');
  });

  test('pauses and resumes', async () => {
    // A fresh run, so the pause lands mid-run however long the previous step took.
    await loading(() => page.getByTestId('example-nanowire network').click());
    expect((await status()).status).toBe('created');
    await page.getByTestId('btn-run').click();
    await eventually(async () => (await status()).windows, { timeout: 30_000 }).toBeGreaterThan(3);
    await page.getByTestId('btn-pause').click();
    await eventually(async () => (await status()).status).toBe('paused');
    const t1 = (await status()).time;
    const w1 = (await app((a) => a.client.remote.status())).windows;
    await shot('04-paused');
    // While paused the engine advances no window, however long we look.
    await page.waitForTimeout(300);
    expect((await app((a) => a.client.remote.status())).windows).toBe(w1);
    await page.getByTestId('btn-resume').click();
    await eventually(async () => (await status()).time, { timeout: 30_000 }).toBeGreaterThan(t1);
    expect((await status()).status).toMatch(/running|done/);
    await shot('05-resumed');
  });

  test('changes a parameter while running: the bias edit becomes a SET_PARAM event', async () => {
    type Traces = { memflowApp: { plot: { traces: { name: string; v: number[] }[] } } };
    const trace = (name: string) => page.evaluate((n) => (window as unknown as Traces).memflowApp.plot.traces.find((t) => t.name === n)?.v ?? [], name);
    await loading(() => page.getByTestId('example-nanowire network').click());
    expect((await status()).status).toBe('created');
    await eventually(() => app((a) => a.plot.names)).toEqual(['i(vbias)']);
    // Watch the electrode's voltage too: it is the bias itself.
    await app((a) => (a as unknown as { addProbe(p: string): Promise<void> }).addProbe('v(e1)'));
    await page.getByTestId('btn-run').click();
    await eventually(async () => (await status()).windows).toBeGreaterThan(5);
    await page.getByTestId('element-select').selectOption('vbias');
    expect((await status()).status).toBe('running');
    await page.getByTestId('param-dc').fill('0.5');
    await page.getByTestId('param-dc').dispatchEvent('change');
    await eventually(() => page.getByTestId('param-dc').getAttribute('data-applied')).toBe('0.5');
    // The running simulation applies it at the next window end: v(e1) goes from 0.2 V to 0.5 V.
    await eventually(async () => (await trace('v(e1)')).at(-1)).toBe(0.5);
    const v = await trace('v(e1)');
    expect(v[0]).toBe(0.2);
    expect(new Set(v)).toEqual(new Set([0.2, 0.5]));
    const events = await app(async (a) => (await (a.client as unknown as { snapshot(): Promise<{ events: unknown[] }> }).snapshot()).events);
    expect(events).toContainEqual(expect.objectContaining({ element: 'vbias', name: 'dc', value: 0.5 }));
    await shot('06-parameter-changed');
    await stopIfRunning();
  });

  test('opens the I–V view of a memristor: a pinched loop', async () => {
    await loading(() => page.getByTestId('example-hysteresis.cir').click());
    expect((await status()).status).toBe('created');
    await page.getByTestId('element-select').selectOption('m1');
    await page.getByTestId('open-iv').click();
    await page.getByTestId('btn-run').click();
    await eventually(async () => (await status()).status, { timeout: 60_000 }).toBe('done');
    await eventually(() => app((a) => a.iv.points)).toBeGreaterThan(500);
    // Pinched: the current is ~0 where the voltage crosses 0, and the loop has two branches (hysteresis).
    const loop = await app((a) => {
      const iv = a.iv as unknown as { v: number[]; i: number[] };
      return { v: iv.v, i: iv.i };
    });
    const imax = Math.max(...loop.i.map(Math.abs));
    const atZero = loop.v.map((v, k) => (Math.abs(v) < 0.01 ? Math.abs(loop.i[k]) : 0));
    expect(Math.max(...atZero)).toBeLessThan(0.05 * imax);
    await eventually(() => page.locator('[data-testid=iv-view] svg').count()).toBe(1);
    await shot('07-iv-loop');
  });

  test('generates a new network from the dialog', async () => {
    await page.getByTestId('open-generator').click();
    await page.getByTestId('gen-wires').fill('120');
    await page.getByTestId('gen-seed').fill('7');
    await page.getByTestId('gen-tstop').fill('2');
    await shot('08-generator-dialog');
    await loading(() => page.getByTestId('gen-submit').click());
    await eventually(() => page.locator('.graph-title').textContent()).toContain('120 wires');
    await eventually(() => page.locator('.graph-title').textContent()).toContain('seed 7');
    await page.getByTestId('btn-run').click();
    await eventually(() => app((a) => a.graph.frames), { timeout: 60_000 }).toBeGreaterThan(20);
    await shot('09-generated-network');
    await stopIfRunning();
  });

  test('installs the example plugin from its folder: conformance passes and its example runs', async () => {
    await page.getByTestId('tab-button-plugins').click();
    // A folder whose package.json has no manifest: listed as not installed, with the reason.
    const broken = mkdtempSync(join(tmpdir(), 'broken-plugin-'));
    writeFileSync(join(broken, 'package.json'), JSON.stringify({ name: 'broken-plugin', version: '0.0.1' }));
    await page.getByTestId('plugin-folder-input').setInputFiles(broken);
    const bad = page.getByTestId('plugin-broken-plugin');
    await bad.waitFor();
    expect(await bad.textContent()).toContain('not installed');
    expect(await bad.textContent()).toContain('no "memflow" manifest');
    rmSync(broken, { recursive: true, force: true });
    await page.getByTestId('plugin-folder-input').setInputFiles(join(repo, 'plugins', 'examples', 'chang2011'));
    const card = page.getByTestId('plugin-memflow-plugin-chang2011');
    await card.waitFor({ timeout: 60_000 });
    expect(await card.textContent()).toContain('conformance: pass');
    expect(await page.getByTestId('model-list').textContent()).toContain('chang2011.wox');
    await shot('10-plugin-installed');
    await page.getByTestId('tab-button-gallery').click();
    await loading(() => page.getByTestId('example-sine.cir').click());
    expect((await status()).status).toBe('created');
    await page.getByTestId('btn-run').click();
    await eventually(async () => (await status()).status, { timeout: 60_000 }).toBe('done');
    await eventually(() => app((a) => a.plot.points)).toBeGreaterThan(100);
    await shot('11-plugin-example-run');
  });

  test('shows a bad netlist with the CLI message', async () => {
    await page.getByTestId('open-file-input').setInputFiles({ name: 'broken.cir', mimeType: 'text/plain', buffer: Buffer.from('* broken\nR1 a 0\n.tran 1m 1\n.end\n') });
    const error = page.getByTestId('error').last();
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^broken\.cir:2:\d+: error: /);
    await shot('12-error');
  });

  test('an engine crash is reported and the engine restarts with the last snapshot', async () => {
    await runNanowireAndPause(10);
    // Every pause takes a snapshot.
    await eventually(() => app((a) => a.client.lastSnapshot?.windows)).toBe((await status()).windows);
    const snap = await app((a) => a.client.lastSnapshot!.windows);
    await app((a) => void a.client.remote.crash());
    await page.getByTestId('notice').filter({ hasText: 'engine restarted' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('error').last().textContent()).toContain('the engine failed');
    const after = await app((a) => a.client.remote.status());
    expect(after).toMatchObject({ status: 'paused', windows: snap });
    await shot('13-crash-recovered');
    await page.getByTestId('btn-resume').click();
    await eventually(async () => (await status()).windows, { timeout: 30_000 }).toBeGreaterThan(snap);
    await stopIfRunning();
  });

  test('runs an experiment and draws its learning curve', async () => {
    await page.getByTestId('tab-button-experiments').click();
    await page.getByTestId('exp-epochs').fill('5');
    await page.getByTestId('experiment-eqprop-xor').click();
    await eventually(() => page.getByTestId('learning-summary').textContent(), { timeout: 60_000 }).toContain('5 epochs');
    await eventually(() => page.getByTestId('learning-curve').locator('canvas').count()).toBeGreaterThan(0);
    // Epochs 0..5, three curves.
    await eventually(() => page.getByTestId('learning-curve').getAttribute('data-points')).toBe(String(3 * 6));
    await shot('14-learning-curve');
  });

  test('exports the plot as CSV and PNG', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plot-csv').click()]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^t,/);
    expect(text.split('\n').length).toBeGreaterThan(10);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plot-png').click()]);
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-iv-svg').click()]);
    expect(readFileSync((await svg.path())!, 'utf8')).toContain('<svg');
  });

  test('saves the session and opens it again, paused where it was', async () => {
    await page.getByTestId('tab-button-gallery').click();
    await runNanowireAndPause(1);
    const windows = (await status()).windows;
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('btn-save').click()]);
    const text = readFileSync((await saved.path())!, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ windows, events: [] });
    await stopIfRunning();
    await loading(() => page.getByTestId('example-hysteresis.cir').click());
    expect((await status()).status).toBe('created');
    // Restoring replays the saved windows.
    await loading(() => page.getByTestId('open-file-input').setInputFiles({ name: 'session.json', mimeType: 'application/json', buffer: Buffer.from(text) }));
    expect((await status()).status).toBe('paused');
    expect((await status()).windows).toBe(windows);
    await eventually(() => page.locator('.graph-title').textContent()).toContain('200 wires');
    await shot('15-session-reopened');
    expect(pageErrors).toEqual([]);
  });

  // The same page with a session endpoint: the harness's server answers SessionsApi calls from the real
  // store (the Electron app answers them in its main process, through the bridge).
  describe('Sessions view', () => {
    let sp: Page;
    const sshot = (name: string) => sp.screenshot({ path: join(shots, `${name}.png`) });
    const attr = async (testid: string, name: string) => Number(await sp.getByTestId(testid).getAttribute(name));
    const state = () => sp.getByTestId('session-state').textContent();
    /** The checkpoint list as shown: [sample, sha256 prefix], newest first. */
    const shownCheckpoints = () => sp.locator('[data-testid=session-checkpoints] tbody tr').evaluateAll((rows) => rows.map((r) => [Number(r.children[0].textContent), r.children[3].textContent]));
    const storeCheckpoints = (dir: string) => readStore(dir).checkpoints.map((c) => [c.samples, c.sha256.slice(0, 12)]).reverse();

    async function openDir(dir: string): Promise<void> {
      await sp.getByTestId('session-dir-input').fill(dir);
      await sp.getByTestId('session-dir-open').click();
    }

    /** Every plot holds one x per metrics row and one drawn point per measured (non-NaN) value. */
    async function expectPlotsMatch(dir: string): Promise<void> {
      const store = readStore(dir);
      await eventually(() => attr('session-plots', 'data-rows')).toBe(store.metrics.sample.length);
      for (const name of store.record.metricNames) {
        await eventually(() => attr(`session-plot-${name}`, 'data-x')).toBe(store.metrics.sample.length);
        expect(await attr(`session-plot-${name}`, 'data-points'), name).toBe(store.metrics.columns[name].filter((v) => !Number.isNaN(v)).length);
      }
    }

    beforeAll(async () => {
      ensureBuiltCli();
      sp = await context.newPage();
      sp.on('pageerror', (e) => pageErrors.push(e.message));
      await sp.goto(`${server.url}?sessionApi=${SESSION_API_PATH}`);
      await sp.getByTestId('tab-button-sessions').click();
      await sp.getByTestId('session-dir-input').waitFor();
    }, 240_000);

    test('opens a finished session: record, metrics plots, checkpoints and events as the store has them', async () => {
      const dir = await runSession(sessionsRoot, 'xor', xorSpec);
      await openDir(dir);
      await eventually(state).toBe('finished');
      await expectPlotsMatch(dir);
      // test_accuracy is measured every 8 of the 48 samples: 6 points.
      expect(await attr('session-plot-test_accuracy', 'data-points')).toBe(6);
      expect(await shownCheckpoints()).toEqual(storeCheckpoints(dir));
      const store = readStore(dir);
      expect(await sp.getByTestId('session-progress').textContent()).toContain('48 / 48 samples');
      expect(await sp.getByTestId('session-kind').textContent()).toBe('eqprop-online');
      expect(await sp.getByTestId('session-database').textContent()).toMatch(/^integrity ok/);
      expect(await sp.locator('[data-testid=session-events] li').count()).toBe(store.events.length);
      expect(await sp.getByTestId('session-pause').isDisabled()).toBe(true);
      expect(await sp.getByTestId('session-resume').isDisabled()).toBe(true);
      expect(await sp.getByTestId('session-recent').textContent()).toContain(dir);
      await sshot('16-session-finished');
    });

    test('says what is wrong with a directory that holds no session, without breaking the view', async () => {
      await openDir(join(sessionsRoot, 'logs-or-nothing'));
      await eventually(() => sp.getByTestId('session-error').textContent()).toMatch(/logs-or-nothing is not a session directory \(no session\.db\)/);
      expect(await sp.getByTestId('session-error').isVisible()).toBe(true);
      await sshot('17-session-not-a-session');
    });

    test('watches a running session live, pauses it and resumes it to its end', async () => {
      const samples = 3000;
      const dir = join(sessionsRoot, 'live');
      const child = spawn(process.execPath, [CLI, 'session', 'start', writeSpec(sessionsRoot, 'live', reservoirSpec(samples)), '--dir', dir, '--log', 'json'], { cwd: ROOT, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // The directory exists once the child has created it.
      await eventually(() => existsSync(join(dir, 'session.db'))).toBe(true);
      await openDir(dir);
      await eventually(state).toBe('running');
      // Live: the plots grow while it runs.
      const seen = new Set<number>();
      await eventually(
        async () => {
          seen.add(await attr('session-plots', 'data-rows'));
          return [...seen].filter((n) => n > 0).length;
        },
        { timeout: 30_000 },
      ).toBeGreaterThanOrEqual(2);
      await sshot('18-session-running');
      await sp.getByTestId('session-pause').click();
      expect(await exited).toBe(0);
      await eventually(state).toBe('paused');
      const paused = readStore(dir);
      expect(paused.record.samplesDone).toBeLessThan(samples);
      await expectPlotsMatch(dir);
      expect(await shownCheckpoints()).toEqual(storeCheckpoints(dir));
      expect(await sp.getByTestId('session-health').textContent()).toContain(`memflow session resume ${dir}`);
      await sshot('19-session-paused');

      await sp.getByTestId('session-resume').click();
      await eventually(state, { timeout: 90_000 }).toBe('finished');
      await expectPlotsMatch(dir);
      expect(await attr('session-plots', 'data-rows')).toBe(samples);
      expect(await shownCheckpoints()).toEqual(storeCheckpoints(dir));
      expect(await sp.locator('[data-testid=session-events] li', { hasText: `resumed from the checkpoint at sample ${paused.record.samplesDone}` }).count()).toBe(1);
      await sshot('20-session-resumed-finished');
      expect(pageErrors).toEqual([]);
    }, 150_000);
  });
});
