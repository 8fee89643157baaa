/**
 * somn-pathway through the actor runtime against the same network on the bare kernel: CPU time ratio,
 * interleaved rounds (the machine is shared; a ratio measured in one script). Run after `npm run build`:
 * `node bench/somn-pathway-runtime.mjs [--rounds N]`.
 */
import { pathwayConfig, pathwaySetup, runPathway, runPathwayDirect } from '../core/dist/index.js';

const at = process.argv.indexOf('--rounds');
const rounds = at > 0 ? Number(process.argv[at + 1]) : 3;
const cfg = pathwayConfig({ seed: 1 });
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
for (let round = 0; round < rounds; round++) {
  let t0 = cpu();
  runPathwayDirect(pathwaySetup(cfg), cfg.vbias);
  const direct = cpu() - t0;
  t0 = cpu();
  await runPathway(cfg);
  const runtime = cpu() - t0;
  console.log(`round ${round}: bare kernel ${direct.toFixed(2)} CPU s, runtime ${runtime.toFixed(2)} CPU s, ratio ${(runtime / direct).toFixed(3)}`);
}
