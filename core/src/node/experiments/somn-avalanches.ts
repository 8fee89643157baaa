/** `somn-avalanches`: slow voltage ramps → switching avalanches, power-law fits, crackling-noise check (core/src/common/somn/avalanches-run.ts). */
import { linePlotSvg } from '../../common/plot/svg.js';
import { avalancheConfig, ccdf, runAvalanches, type Fitted } from '../../common/somn/avalanches-run.js';
import { modeParams, SOMN_SETTINGS, somnKnobs, figureWriter } from './somn-options.js';
import type { Experiment } from './types.js';

const NAME = 'somn-avalanches';

function fitLine(f: Fitted | undefined, data: number[]) {
  if (!f) return [];
  const { xmin, alpha, nTail, n } = f.fit;
  const top = Math.max(...data);
  const xs = [xmin, top];
  // Continuous approximation of the fitted tail's CCDF, scaled by the tail fraction.
  return [{ name: `fit α = ${alpha.toFixed(2)}, xmin = ${xmin}`, x: xs.map(Math.log10), y: xs.map((x) => Math.log10((nTail / n) * Math.pow(x / xmin, 1 - alpha))) }];
}

export const somnAvalanches: Experiment = {
  name: NAME,
  settings: [...SOMN_SETTINGS, 'vmax', 'period', 'cycles', 'boots'],
  title: 'slow voltage ramps on a nanowire network: switching avalanches, power-law fits, crackling noise',
  run(ctx) {
    const k = somnKnobs(ctx, NAME);
    const base = avalancheConfig({ seed: ctx.seed, quick: ctx.quick });
    const cfg = { ...base, wires: k.wires ?? base.wires, vmax: k.vmax ?? base.vmax, period: k.period ?? base.period, cycles: k.cycles ?? base.cycles, boots: k.boots ?? base.boots, params: modeParams(k) };
    const start = performance.now();
    const r = runAvalanches(cfg, (f) => ctx.progress(f));
    const seconds = (performance.now() - start) / 1000;
    const { figures, write } = figureWriter(ctx);
    const cs = ccdf(r.sizes);
    const cd = ccdf(r.durations);
    write(`${NAME}-sizes.svg`, linePlotSvg({ title: `${NAME}: avalanche sizes (CCDF)`, xLabel: 'log10 size (events)', yLabel: 'log10 P(S ≥ s)', series: [{ name: 'data', x: cs.x.map(Math.log10), y: cs.p.map(Math.log10) }, ...fitLine(r.size, r.sizes)] }));
    write(`${NAME}-durations.svg`, linePlotSvg({ title: `${NAME}: avalanche durations (CCDF)`, xLabel: 'log10 duration (bins)', yLabel: 'log10 P(T ≥ t)', series: [{ name: 'data', x: cd.x.map(Math.log10), y: cd.p.map(Math.log10) }, ...fitLine(r.duration, r.durations)] }));
    write(`${NAME}-conductance.svg`, linePlotSvg({ title: `${NAME}: conductance under the ramp`, xLabel: 'time (s)', yLabel: 'log10 G (S)', series: [{ name: 'log10 G', x: r.t, y: Array.from(r.g, (g) => Math.log10(g)) }] }));
    const fitJson = (f: Fitted | undefined) => (f ? { exponent: f.fit.alpha, sigma: f.fit.sigma, xmin: f.fit.xmin, tail: f.fit.nTail, ks: f.fit.ks, pValue: f.p } : null);
    const report = {
      experiment: NAME,
      seed: cfg.seed,
      network: { wires: cfg.wires, wiresKept: r.wiresKept, junctions: r.junctions },
      drive: { vmax: cfg.vmax, period: cfg.period, cycles: cfg.cycles, dt: cfg.dt },
      events: r.events,
      avalanches: r.sizes.length,
      bin: r.bin,
      sizeExponent: fitJson(r.size),
      durationExponent: fitJson(r.duration),
      crackling: r.crackling ? { predicted: r.crackling.predicted, fitted: r.crackling.fitted, durationsUsed: r.crackling.durations } : null,
      bootstraps: cfg.boots,
      seconds,
      figures,
    };
    const f = (x: Fitted | undefined, sym: string) => (x ? `${sym} = ${x.fit.alpha.toFixed(2)} ± ${x.fit.sigma.toFixed(2)} (xmin ${x.fit.xmin}, ${x.fit.nTail} in tail, KS ${x.fit.ks.toFixed(3)}, p = ${x.p.toFixed(2)})` : 'too few avalanches to fit');
    const summary =
      `${NAME} (seed ${cfg.seed}): ${r.wiresKept} wires, ${r.junctions} junctions; ramp 0 → ${cfg.vmax} V → 0 over ${cfg.period} s × ${cfg.cycles}\n` +
      `switching events  ${r.events}, avalanches ${r.sizes.length} (bin ${r.bin.toExponential(2)} s = mean inter-event interval)\n` +
      `sizes             ${f(r.size, 'τ')}\n` +
      `durations         ${f(r.duration, 'α')}\n` +
      (r.crackling ? `crackling noise   ⟨S⟩(T) slope ${r.crackling.fitted.toFixed(2)} fitted vs (α−1)/(τ−1) = ${r.crackling.predicted.toFixed(2)} predicted (${r.crackling.durations} durations)\n` : '') +
      `run               ${seconds.toFixed(1)} s\n` +
      figures.map((p) => `wrote ${p}\n`).join('');
    return { report, summary };
  },
};
