/** `somn-edge-of-chaos`: largest Lyapunov exponent against drive frequency (core/src/common/somn/chaos.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linePlotSvg } from '../../common/plot/svg.js';
import { chaosConfig, runChaos } from '../../common/somn/chaos.js';
import { modeParams, somnKnobs } from './somn-options.js';
import type { Experiment } from './types.js';

const NAME = 'somn-edge-of-chaos';
const PAPER: Record<string, number> = { '0.1': -2.6, '0.5': 0.4, '0.85': 4.1 };

export const somnEdgeOfChaos: Experiment = {
  name: NAME,
  title: 'triangular AC drive at several frequencies: the largest Lyapunov exponent changes sign (edge of chaos)',
  run(ctx) {
    const k = somnKnobs(ctx, NAME, ['delta0', 'periods', 'amplitude']);
    const base = chaosConfig({ seed: ctx.seed, quick: ctx.quick });
    const cfg = { ...base, wires: k.wires ?? base.wires, delta0: k.delta0 ?? base.delta0, measurePeriods: k.periods ?? base.measurePeriods, amplitude: k.amplitude ?? base.amplitude, params: modeParams(k) };
    const start = performance.now();
    const r = runChaos(cfg, (f) => ctx.progress(f));
    const seconds = (performance.now() - start) / 1000;
    const svgPath = join(ctx.outDir, `${NAME}-convergence.svg`);
    writeFileSync(
      svgPath,
      linePlotSvg({
        title: `${NAME}: running estimate of the largest Lyapunov exponent`,
        xLabel: 'renormalisation period',
        yLabel: 'λ (1/s)',
        series: r.points.map((p) => ({ name: `${p.frequency} Hz`, x: Array.from(p.running, (_, i) => i), y: p.running })),
      }),
    );
    const report = {
      experiment: NAME,
      seed: cfg.seed,
      lyapunov: r.points.map((p) => ({ frequency: p.frequency, lambda: p.lambda, paper: PAPER[String(p.frequency)] ?? null, junctionsOn: p.junctionsOn })),
      network: { wires: cfg.wires, wiresKept: r.wiresKept, junctions: r.junctions },
      drive: { amplitude: cfg.amplitude, waveform: 'triangle', warmupPeriods: cfg.warmupPeriods, measurePeriods: cfg.measurePeriods, dt: cfg.dt },
      twin: { delta0: cfg.delta0, renormEvery: cfg.renormEvery },
      seconds,
      figures: [svgPath],
    };
    const rows = r.points.map((p) => `  ${String(p.frequency).padEnd(6)} Hz   λ = ${p.lambda.toFixed(2).padStart(7)} 1/s   (paper ${PAPER[String(p.frequency)] ?? '—'})   ${p.junctionsOn} junctions ON at the end`);
    const summary =
      `${NAME} (seed ${cfg.seed}): ${r.wiresKept} wires, ${r.junctions} junctions; triangle ${cfg.amplitude} V; twin δ0 = ${cfg.delta0} V·s, renormalised every ${cfg.renormEvery} steps\n` +
      `${rows.join('\n')}\nrun ${seconds.toFixed(1)} s\nwrote ${svgPath}\n`;
    return { report, summary };
  },
};
