/** `hopfield-convergence`: weight–activation dynamics of memristor Hopfield networks from many initial conditions. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  activation,
  compareKernelAndFast,
  convergenceConfig,
  energy,
  memductance,
  randomInitialState,
  randomNetwork,
  runConvergenceStudy,
  type HopfieldMode,
} from '../../common/learning/hopfield/index.js';
import { Prng } from '../../common/random/prng.js';
import { linePlotSvg } from '../../common/plot/svg.js';
import { InputError } from '../errors.js';
import { numberOption } from './options.js';
import type { Experiment } from './types.js';

const MODES: readonly HopfieldMode[] = ['weight-activation', 'activation', 'weight'];

export const hopfieldConvergence: Experiment = {
  name: 'hopfield-convergence',
  settings: ['mode', 'sizes', 'asymmetry', 'ics'],
  title: 'memristor Hopfield networks (weight–activation dynamics): convergence from random initial conditions, symmetric vs broken symmetry',
  run(ctx) {
    const mode = (ctx.options.mode ?? 'weight-activation') as HopfieldMode;
    if (!MODES.includes(mode)) throw new InputError(`--set mode=${ctx.options.mode}: expected one of ${MODES.join(', ')}`);
    const sizes = ctx.options.sizes?.split(',').map((x) => Number(x));
    if (sizes && sizes.some((n) => !Number.isInteger(n) || n < 2 || n > 128)) throw new InputError(`--set sizes=${ctx.options.sizes}: expected comma-separated integers in 2…128`);
    const asymmetry = ctx.options.asymmetry === undefined ? undefined : numberOption(ctx, 'asymmetry', 0, (v) => v >= 0 && v <= 1, 'a fraction in [0, 1]');
    const ics = ctx.options.ics === undefined ? undefined : numberOption(ctx, 'ics', 0, (v) => Number.isInteger(v) && v >= 1 && v <= 1e6, 'an integer in 1…1000000');
    const cfg = convergenceConfig({ quick: ctx.quick, seed: ctx.seed, sizes, asymmetry, mode, initialConditions: ics });
    const start = performance.now();
    const result = runConvergenceStudy(cfg, { onProgress: (f) => ctx.progress(0.9 * f) });

    // One trajectory of the 8-neuron symmetric network through the circuit kernel, checked against the fast path.
    const spec = randomNetwork({ n: 8, seed: cfg.seed * 1000 + 8, mode });
    const init = randomInitialState(spec, new Prng(cfg.seed));
    const tau = spec.r * spec.c;
    const cmp = compareKernelAndFast(spec, init, 10 * tau, tau / 20);
    ctx.progress(1);
    const seconds = (performance.now() - start) / 1000;
    const k = cmp.kernel;
    const tk = k.t.map((t) => t / tau);
    const trajPath = join(ctx.outDir, 'hopfield-convergence-trajectory.svg');
    writeFileSync(
      trajPath,
      linePlotSvg({
        title: 'memristor Hopfield network (8 neurons), kernel simulation: activations and memductances',
        xLabel: 't / τ',
        yLabel: 'activation a_i; G/Gmax of memristors 0–3',
        series: [
          ...Array.from({ length: spec.n }, (_, i) => ({ name: `a${i}`, x: tk, y: k.states.map((s) => activation(spec, s.v[i])) })),
          ...[0, 1, 2, 3].map((p) => ({ name: `G${spec.pi[p]}${spec.pj[p]}`, x: tk, y: k.states.map((s) => memductance(spec.memristor, s.phi[p]) / spec.memristor.gmax) })),
        ],
      }),
    );
    const energyPath = join(ctx.outDir, 'hopfield-convergence-energy.svg');
    writeFileSync(
      energyPath,
      linePlotSvg({
        title: 'Lyapunov function E along trajectories (symmetric network)',
        xLabel: 't / τ',
        yLabel: 'E (mW)',
        series: [
          { name: 'kernel, 8 neurons', x: tk, y: k.states.map((s) => 1e3 * energy(spec, s.v, s.phi)) },
          ...result.energyCurves.map((c, q) => ({ name: `fast path run ${q}`, x: c.t, y: c.e.map((e) => 1e3 * e) })),
        ],
      }),
    );
    const sym = result.variants.filter((v) => v.symmetric);
    const report = {
      experiment: 'hopfield-convergence',
      convergedFraction: Object.fromEntries(result.variants.map((v) => [`${v.symmetric ? 'symmetric' : 'asymmetric'}-${v.n}`, v.convergedFraction])),
      minSymmetricConvergedFraction: Math.min(...sym.map((v) => v.convergedFraction)),
      distinctEquilibria: Object.fromEntries(sym.map((v) => [`n${v.n}`, v.distinctEquilibria])),
      mode,
      seed: cfg.seed,
      initialConditions: cfg.initialConditions,
      horizonTau: cfg.horizonTau,
      tolerance: cfg.tolerance,
      asymmetry: cfg.asymmetry,
      variants: result.variants,
      kernelCheck: { neurons: 8, tstopTau: 10, maxDv: cmp.maxDv, maxDphiRel: cmp.maxDphiRel, kernelSteps: k.accepted },
      seconds,
      figures: [trajPath, energyPath],
    };
    const rows = result.variants.map(
      (v) =>
        `${String(v.n).padStart(4)}  ${v.symmetric ? 'symmetric ' : 'asymmetric'}  ${(100 * v.convergedFraction).toFixed(1).padStart(6)} %  ${String(v.distinctEquilibria).padStart(6)}  ${String(v.distinctSaturatedEquilibria).padStart(6)}  ${String(v.energyRises).padStart(6)}  ${v.meanTimeTau.toFixed(1).padStart(7)}  ${v.maxCurrentResidual.toExponential(1)}`,
    );
    const summary =
      `hopfield-convergence (${mode}, seed ${cfg.seed}, ${cfg.initialConditions} initial conditions per network, horizon ${cfg.horizonTau} τ, speed tolerance ${cfg.tolerance})\n` +
      `   n  network       converged  distinct  saturated  E rose  mean t/τ  residual (A)\n${rows.join('\n')}\n` +
      `kernel vs fast path (8 neurons, 10 τ): max |Δv| ${cmp.maxDv.toExponential(2)} V, max |Δφ|/φ0 ${cmp.maxDphiRel.toExponential(2)}\n` +
      `${seconds.toFixed(1)} s\nwrote ${trajPath}\nwrote ${energyPath}\n`;
    return { report, summary };
  },
};
