/** `somn-pathway`: DC bias on a seeded nanowire network (core/src/common/somn/pathway.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathwayConfig, pathwayReport, pathwaySummary, pathwaySvg, runPathway } from '../../common/somn/index.js';
import type { Experiment } from './types.js';

export const somnPathway: Experiment = {
  name: 'somn-pathway',
  settings: [],
  title: 'a nanowire network under DC bias: stepwise conductance rise, winner-takes-all path',
  async run(ctx) {
    const start = performance.now();
    const result = await runPathway(pathwayConfig({ seed: ctx.seed }), { onProgress: (f) => ctx.progress(f) });
    const seconds = (performance.now() - start) / 1000;
    const svgPath = join(ctx.outDir, 'somn-pathway-conductance.svg');
    writeFileSync(svgPath, pathwaySvg(result));
    const report = { ...pathwayReport(result), seconds, figures: [svgPath] };
    return { report, summary: pathwaySummary(report, seconds) + `wrote ${svgPath}\n` };
  },
};
