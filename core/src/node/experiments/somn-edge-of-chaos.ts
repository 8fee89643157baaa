/** `somn-edge-of-chaos`: largest Lyapunov exponent against drive frequency (core/src/common/somn/chaos.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linePlotSvg } from '../../common/plot/svg.js';
import { chaosConfig, runChaos } from '../../common/somn/chaos.js';
import { modeParams, SOMN_SETTINGS, somnKnobs } from './somn-options.js';
import type { Experiment } from './types.js';

const NAME = 'somn-edge-of-chaos';
/** Hochstetter et al. 2021, Fig. 7 (100 wires, 261 junctions, triangle 1.25 V). */
const PAPER: Record<string, number> = { '0.1': -2.6, '0.5': 0.4, '0.85': 4.1 };

export const somnEdgeOfChaos: Experiment = {
  name: NAME,
  settings: [...SOMN_SETTINGS, 'delta0', 'perturbed', 'warmup', 'measure', 'amplitude', 'frequency', 'vreset', 'roff', 'gappow', 'dt'],
  title: 'triangular AC drive at several frequencies: the largest Lyapunov exponent against frequency (edge of chaos)',
  run(ctx) {
    const k = somnKnobs(ctx, NAME);
    const base = chaosConfig({ seed: ctx.seed, quick: ctx.quick });
    const params = { ...base.params, ...modeParams(k), ...(k.vreset !== undefined ? { vreset: k.vreset } : {}), ...(k.roff !== undefined ? { roff: k.roff } : {}), ...(k.gappow !== undefined ? { gappow: k.gappow } : {}) };
    const cfg = {
      ...base,
      wires: k.wires ?? base.wires,
      delta0: k.delta0 ?? base.delta0,
      perturbed: k.perturbed !== undefined ? Math.max(1, Math.round(k.perturbed)) : base.perturbed,
      warmupSeconds: k.warmup ?? base.warmupSeconds,
      measureSeconds: k.measure ?? base.measureSeconds,
      amplitude: k.amplitude ?? base.amplitude,
      dt: k.dt ?? base.dt,
      frequencies: k.frequency !== undefined ? [k.frequency] : base.frequencies,
      params,
    };
    const start = performance.now();
    const r = runChaos(cfg, (f) => ctx.progress(f));
    const seconds = (performance.now() - start) / 1000;
    const curvePath = join(ctx.outDir, `${NAME}.svg`);
    const paperF = Object.keys(PAPER).map(Number);
    writeFileSync(
      curvePath,
      linePlotSvg({
        title: `${NAME}: largest Lyapunov exponent against drive frequency (triangle ${cfg.amplitude} V)`,
        xLabel: 'drive frequency (Hz)',
        yLabel: 'λ (1/s)',
        series: [
          { name: `memflow (${r.perturbedJunctions.length} junctions)`, x: r.points.map((p) => p.frequency), y: r.points.map((p) => p.lambda) },
          { name: 'Hochstetter 2021', x: paperF, y: paperF.map((f) => PAPER[String(f)]) },
          { name: 'λ = 0', x: [Math.min(...r.points.map((p) => p.frequency), 0.1), Math.max(...r.points.map((p) => p.frequency), 0.85)], y: [0, 0] },
        ],
      }),
    );
    const convPath = join(ctx.outDir, `${NAME}-convergence.svg`);
    writeFileSync(
      convPath,
      linePlotSvg({
        title: `${NAME}: running estimate (mean over perturbed junctions)`,
        xLabel: 'measured time (s)',
        yLabel: 'λ (1/s)',
        series: r.points.map((p) => {
          const keep = Array.from(p.running, (y, i) => [((i + 1) * p.measureSeconds) / p.running.length, y]).filter(([, y]) => Number.isFinite(y));
          return { name: `${p.frequency} Hz`, x: keep.map(([x]) => x), y: keep.map(([, y]) => y) };
        }),
      }),
    );
    const report = {
      experiment: NAME,
      seed: cfg.seed,
      lyapunov: r.points.map((p) => ({
        frequency: p.frequency,
        lambda: p.lambda,
        paper: PAPER[String(p.frequency)] ?? null,
        perJunction: Array.from(p.perJunction),
        warmupSeconds: p.warmupSeconds,
        measureSeconds: p.measureSeconds,
        junctionsOn: p.junctionsOn,
      })),
      network: { wires: cfg.wires, wiresKept: r.wiresKept, junctions: r.junctions, perturbedJunctions: r.perturbedJunctions },
      junction: { model: 'memristor.nanowire', params: cfg.params },
      drive: { amplitude: cfg.amplitude, waveform: 'triangle', dt: cfg.dt },
      method: { delta0: cfg.delta0, renormalisedEvery: 'step', distance: 'Euclidean norm of the Λ difference over all junctions', discardFraction: cfg.discardFraction, average: 'mean over junctions perturbed one at a time' },
      seconds,
      figures: [curvePath, convPath],
    };
    const spread = (a: Float64Array) => `[${Math.min(...a).toFixed(2)}, ${Math.max(...a).toFixed(2)}]`;
    const rows = r.points.map(
      (p) =>
        `  ${String(p.frequency).padEnd(5)} Hz   λ = ${p.lambda.toFixed(2).padStart(6)} 1/s  per junction ${spread(p.perJunction).padEnd(16)} (paper ${PAPER[String(p.frequency)] ?? '—'})   ${p.junctionsOn} ON at the end`,
    );
    const summary =
      `${NAME} (seed ${cfg.seed}): ${r.wiresKept} wires, ${r.junctions} junctions; triangle ${cfg.amplitude} V; dt ${cfg.dt} s; ` +
      `${cfg.warmupSeconds} s to the attractor, ${cfg.measureSeconds} s measured (first ${cfg.discardFraction * 100} % discarded); ` +
      `${r.perturbedJunctions.length} junctions perturbed one at a time by ε = ${cfg.delta0} V·s, renormalised every step\n` +
      `${rows.join('\n')}\nrun ${seconds.toFixed(1)} s\nwrote ${curvePath}\nwrote ${convPath}\n`;
    return { report, summary };
  },
};
