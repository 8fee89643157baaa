/** `somn-plasticity`: voltage pulse trains on a nanowire network → short-term facilitation, longer-lasting potentiation, relaxation (core/src/common/somn/plasticity-run.ts). */
import { linePlotSvg } from '../../common/plot/svg.js';
import { plasticityConfig, runPlasticity, type TrainSummary } from '../../common/somn/plasticity-run.js';
import { InputError } from '../errors.js';
import { modeParams, SOMN_SETTINGS, somnKnobs, figureWriter } from './somn-options.js';
import type { Experiment } from './types.js';

const NAME = 'somn-plasticity';

const short = (s: TrainSummary) => `${s.result.train.count} every ${1000 * s.result.train.interval} ms`;
const label = (s: TrainSummary) => `${s.result.train.count} × ${s.result.train.amplitude} V / ${1000 * s.result.train.width} ms every ${1000 * s.result.train.interval} ms`;

/** Every k-th point, so a figure stays small. */
function thin(x: ArrayLike<number>, most: number): number[] {
  const k = Math.max(1, Math.ceil(x.length / most));
  return Array.from(x).filter((_, i) => i % k === 0 || i === x.length - 1);
}

export const somnPlasticity: Experiment = {
  name: NAME,
  settings: [...SOMN_SETTINGS, 'amplitude', 'width', 'rest', 'restprobe', 'b'],
  title: 'voltage pulse trains on a nanowire network: paired-pulse facilitation, potentiation that outlasts a rest, relaxation',
  run(ctx) {
    const k = somnKnobs(ctx, NAME);
    const base = plasticityConfig({ seed: ctx.seed, quick: ctx.quick, amplitude: k.amplitude, width: k.width });
    const params = { ...modeParams(k), ...(k.b !== undefined ? { b: k.b } : {}) };
    const cfg = { ...base, wires: k.wires ?? base.wires, rest: k.rest ?? base.rest, restProbe: k.restprobe ?? base.restProbe, params };
    if (cfg.restProbe > cfg.rest) throw new InputError(`${NAME}: --set restprobe=${cfg.restProbe} is longer than the rest (${cfg.rest} s); choose restprobe ≤ rest`);
    const start = performance.now();
    let r;
    try {
      r = runPlasticity(cfg, (f) => ctx.progress(f));
    } catch (e) {
      // Durations that are not whole time steps, or a width longer than the interval.
      if (e instanceof RangeError) throw new InputError(`${NAME}: ${e.message}; change --set width/rest/restprobe`);
      throw e;
    }
    const seconds = (performance.now() - start) / 1000;
    const { figures, write } = figureWriter(ctx);
    const pulses = `${r.trains[0]?.result.train.amplitude} V, ${1000 * (r.trains[0]?.result.train.width ?? 0)} ms pulses`;
    write(`${NAME}-conductance.svg`, linePlotSvg({ title: `${NAME}: G during each train (${pulses}) and the rest`, xLabel: 'time since the train started (s)', yLabel: 'log10 G/G0', series: r.trains.map((s) => ({ name: short(s), x: thin(s.result.t, 3000), y: thin(Array.from(s.result.g, (g) => Math.log10(g / s.result.baseline)), 3000) })) }));
    write(`${NAME}-pulses.svg`, linePlotSvg({ title: `${NAME}: G at the end of each pulse (${pulses})`, xLabel: 'pulse', yLabel: 'log10 G/G0', series: r.trains.map((s) => ({ name: short(s), x: Array.from(s.result.afterPulse, (_, i) => i + 1), y: Array.from(s.result.afterPulse, (g) => Math.log10(g / s.result.baseline)) })) }));
    const trains = r.trains.map((s) => ({
      ...s.result.train,
      baseline: s.result.baseline,
      firstPulseRatio: s.firstPulseRatio,
      pairedPulse: Number.isFinite(s.pairedPulse) ? s.pairedPulse : null,
      facilitation: s.facilitation,
      trainRatio: s.trainRatio,
      restRatio: s.restRatio,
      retention: Number.isFinite(s.retention) ? s.retention : null,
      decay: s.decay,
      junctionsOn: s.result.junctionsOn,
      maxLambda: s.result.maxLambda,
      maxKcl: s.result.maxKcl,
      afterPulseRatios: Array.from(s.result.afterPulse, (g) => g / s.result.baseline),
    }));
    const report = {
      experiment: NAME,
      seed: cfg.seed,
      trains,
      restProbe: cfg.restProbe,
      singleJunctionTau: r.singleJunctionTau,
      maxRetention: r.maxRetention,
      network: { wires: cfg.wires, wiresKept: r.wiresKept, junctions: r.junctions },
      setup: { dt: cfg.dt, rest: cfg.rest, params: cfg.params },
      seconds,
      figures,
    };
    const f3 = (x: number) => x.toPrecision(3).padStart(9);
    const summary =
      `${NAME} (seed ${cfg.seed}): ${r.wiresKept} wires, ${r.junctions} junctions; ${cfg.rest} s at 0 V after each train (fresh network per train)\n` +
      `  conductance G after pulse 1, 2 and n (the last), relative to G0 (before) and G1; Grest ${1000 * cfg.restProbe} ms into the rest\n` +
      `  ${'train'.padEnd(36)}${['G1/G0', 'G2/G1', 'Gn/G1', 'Gn/G0', 'Grest/G0'].map((h) => h.padStart(9)).join('')}  retention  decay τ (r²)        ON\n` +
      r.trains
        .map((s) => `  ${label(s).padEnd(36)}${f3(s.firstPulseRatio)}${f3(s.pairedPulse)}${f3(s.facilitation)}${f3(s.trainRatio)}${f3(s.restRatio)}    ${Number.isFinite(s.retention) ? `${(1000 * s.retention).toFixed(0)} ms`.padStart(7) : '  > rest'}   ${s.decay ? `${(1000 * s.decay.tau).toFixed(2)} ms (${s.decay.r2.toFixed(3)})` : '—'.padEnd(16)}  ${s.result.junctionsOn}\n`)
        .join('') +
      `  single-junction decay time Λcrit/(C0·φ²·s0·b·Vreset) = ${(1000 * r.singleJunctionTau).toFixed(2)} ms; no potentiation outlasts Λmax/(b·Vreset) = ${(1000 * r.maxRetention).toFixed(0)} ms at 0 V\n` +
      `run ${seconds.toFixed(1)} s\n` +
      figures.map((p) => `wrote ${p}\n`).join('');
    return { report, summary };
  },
};
