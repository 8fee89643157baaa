/**
 * `self-wiring`: the self-organising fixture (fixtures/examples/self-wiring.cir) run live with its
 * growth rule: synapses grow between co-active neurons and a weak one is pruned while it runs. Reports
 * what grew and was pruned and when, the worst KCL residual at the neurons over every accepted point
 * (currents from Ohm's law and the HP law R(x), computed here from the recorded signals), and plots
 * every synapse's conductance.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linePlotSvg } from '../../common/plot/svg.js';
import { SELF_WIRING, selfWiringRule, Simulation, synapseResistance, type GrowthContext, type SignalChunk } from '../../common/runtime/index.js';
import { defaultRegistry, loadNetwork } from '../load.js';
import type { Experiment } from './types.js';

export const selfWiring: Experiment = {
  name: 'self-wiring',
  settings: [],
  title: 'a network that rewires itself while it runs: synapses grow between co-active neurons, weak ones are pruned',
  run(ctx) {
    const registry = defaultRegistry();
    const file = join(ctx.fixtures, 'examples', 'self-wiring.cir');
    const network = loadNetwork(file, registry);
    const sim = new Simulation(network, registry.lookup, { window: 1e-3 });
    const rule = sim.addRule('growth', selfWiringRule());
    const data = new Map<string, Map<number, number>>();
    const follow = (key: string, probe: string) => {
      const m = new Map<number, number>();
      data.set(key, m);
      sim.signal$(probe).subscribe((c: SignalChunk) => c.t.forEach((t, k) => m.set(t, c.values[k])));
    };
    for (const n of SELF_WIRING.neurons) follow(n, `v(${n})`);
    for (let k = 1; k <= 4; k++) follow(`s${k}`, `v(s${k})`);
    const synapses = () => sim.elementIds().filter((id) => id.startsWith('syn_'));
    for (const id of synapses()) follow(id, `x(${id}.x)`);
    const changes: { time: number; fresh: readonly string[] }[] = [];
    sim.restructured$.subscribe((r) => {
      changes.push({ time: r.time, fresh: r.fresh });
      for (const label of r.fresh) {
        const id = /^x\((syn_[^.]+)\.x\)$/.exec(label)?.[1];
        if (id) follow(id, label);
      }
    });
    const tstop = sim.spec.tstop;
    while (sim.runUntil(sim.time + 1e-3 - 1e-9) === 'running') ctx.progress(sim.time / tstop);
    if (sim.status !== 'done') throw new Error(`the self-wiring run ended ${sim.status}`);
    const context = rule.getSnapshot().context as GrowthContext;

    // KCL at each neuron at every point, from the recorded voltages and states.
    let worst = 0;
    let points = 0;
    const ids = [...data.keys()].filter((k) => k.startsWith('syn_'));
    for (const t of data.get('n1')!.keys()) {
      const v = (n: string) => data.get(n)!.get(t)!;
      const sum = new Map(SELF_WIRING.neurons.map((n, k) => [n, (v(`s${k + 1}`) - v(n)) / 10e3 - v(n) / 20e3]));
      for (const id of ids) {
        const x = data.get(id)!.get(t);
        if (x === undefined) continue;
        const [, a, b] = id.split('_');
        const i = (v(a) - v(b)) / synapseResistance(x);
        sum.set(a, sum.get(a)! - i);
        sum.set(b, sum.get(b)! + i);
      }
      for (const s of sum.values()) worst = Math.max(worst, Math.abs(s));
      points++;
    }
    const svgPath = join(ctx.outDir, 'self-wiring-conductance.svg');
    writeFileSync(
      svgPath,
      linePlotSvg({
        title: 'self-wiring: synapse conductances (grown and pruned while running)',
        xLabel: 'time (s)',
        yLabel: 'conductance (S)',
        series: ids.map((id) => {
          const m = data.get(id)!;
          return { name: id, x: [...m.keys()], y: [...m.values()].map((x) => 1 / synapseResistance(x)) };
        }),
      }),
    );
    const report = {
      experiment: 'self-wiring',
      grown: context.grown,
      pruned: context.pruned,
      restructures: changes.map((c) => ({ time: c.time, fresh: c.fresh })),
      kclWorstAmps: worst,
      points,
      synapses: synapses(),
      figures: [svgPath],
    };
    sim.dispose();
    const summary =
      `self-wiring: grew ${context.grown.join(', ') || 'nothing'}, pruned ${context.pruned.join(', ') || 'nothing'}; ` +
      `${changes.length} re-compilations at t = ${changes.map((c) => `${(c.time * 1e3).toFixed(3)} ms`).join(', ')}\n` +
      `KCL at the neurons over ${points} points: worst residual ${worst.toExponential(2)} A\nwrote ${svgPath}\n`;
    return { report, summary };
  },
};
