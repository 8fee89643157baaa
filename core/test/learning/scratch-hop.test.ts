import { it } from 'vitest';
import { randomNetwork, randomInitialState } from '../../src/common/learning/hopfield/network.js';
import { HopfieldIntegrator, energy, energyRate, equilibriumResidual, patternKey } from '../../src/common/learning/hopfield/dynamics.js';
import { simulateHopfieldCircuit } from '../../src/common/learning/hopfield/circuit.js';
import { Prng } from '../../src/common/random/prng.js';

it('scratch', () => {
  const spec = randomNetwork({ n: 5, seed: 3 });
  const init = randomInitialState(spec, new Prng(7));
  const t0 = performance.now();
  const traj = simulateHopfieldCircuit(spec, { v: Float64Array.from(init.v), phi: Float64Array.from(init.phi) }, { tstop: 0.02, tstep: 1e-4 });
  console.log('kernel', performance.now() - t0, 'ms', traj.accepted, 'steps', traj.t.length);
  const integ = new HopfieldIntegrator(spec);
  const s = { v: Float64Array.from(init.v), phi: Float64Array.from(init.phi) };
  const fast: { t: number; v: Float64Array; phi: Float64Array; e: number }[] = [];
  integ.run(s, { tstop: 0.02, every: 4, onSample: (t, st) => fast.push({ t, v: Float64Array.from(st.v), phi: Float64Array.from(st.phi), e: energy(spec, st.v, st.phi) }) });
  let maxdv = 0, maxdphi = 0;
  for (let q = 0; q < traj.t.length; q++) {
    const t = traj.t[q];
    const f = fast.reduce((b, x) => (Math.abs(x.t - t) < Math.abs(b.t - t) ? x : b));
    if (Math.abs(f.t - t) > 1e-9) continue;
    for (let i = 0; i < spec.n; i++) maxdv = Math.max(maxdv, Math.abs(f.v[i] - traj.states[q].v[i]));
    for (let k = 0; k < spec.pi.length; k++) maxdphi = Math.max(maxdphi, Math.abs(f.phi[k] - traj.states[q].phi[k]));
  }
  console.log('maxdv', maxdv, 'maxdphi', maxdphi);
  const ek = traj.states.map((st) => energy(spec, st.v, st.phi));
  let rises = 0; for (let q = 1; q < ek.length; q++) if (ek[q] > ek[q - 1] + 1e-12) rises++;
  console.log('energy first/last', ek[0], ek[ek.length - 1], 'rises', rises, 'rate', energyRate(spec, init.v, init.phi));
  console.log('final', patternKey(spec, s.v), equilibriumResidual(spec, s), integ.speed(s));
  console.log('v', Array.from(s.v).map((x) => x.toFixed(3)).join(' '), 'phi', Array.from(s.phi).map((x) => (x * 1e3).toFixed(3)).join(' '));
});
