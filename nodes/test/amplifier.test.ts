/**
 * Bidirectional amplifier (Kendall et al. 2020; EBANA gain 4, shift 0.6 V): derivatives, then .op of
 * small circuits against closed forms:
 *  - forward: input held by a source, loaded output: v(out) = shift + A·(v(in) − shift), and the input
 *    source supplies 1/A of the output current (i(vin) = i(amp)/A);
 *  - backward: a nudge current I injected at the output reappears as I/A injected at the input;
 *  - both at once, input behind a source resistance, with the 2 × 2 linear solution.
 */
import { describe, expect, it } from 'vitest';
import { checkDerivatives } from '@memflow/plugin-sdk';
import { DeviceRegistry, simulate, type ElementSpec, type Network } from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';
import { bidirectionalAmplifier } from '../src/sources/amplifier.js';

const registry = new DeviceRegistry(new Set([...builtinDevices, bidirectionalAmplifier]));
const network = (elements: ElementSpec[]): Network => ({ format: 'memflow.network/v1', elements });
const op = (elements: ElementSpec[], outputs: string[]): number[] =>
  simulate(network(elements), registry.lookup, { type: 'op' }, outputs).data.map((d) => d[0]);

const A = 4;
const SHIFT = 0.6;
const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));

describe('bidirectional amplifier', () => {
  it("defaults to EBANA's gain 4 and shift 0.6 V", () => {
    expect(bidirectionalAmplifier.params.gain.default).toBe(A);
    expect(bidirectionalAmplifier.params.shift.default).toBe(SHIFT);
  });

  it('derivatives match finite differences', () => {
    const r = checkDerivatives(bidirectionalAmplifier, [[0.3, 1.2, 0.05, 1e-3], [-0.7, 0.1, -0.2, -4e-6]], { params: { gain: 3.5, shift: 0.4 } });
    expect(r.worst, `${r.where}: analytic ${r.analytic}, numeric ${r.numeric}`).toBeLessThan(1e-5);
  });

  it('forward: voltage gain A about the shift; the input supplies 1/A of the output current', () => {
    const RL = 2e3;
    for (const vin of [0, 0.45, 0.9, 1.2]) {
      const [vout, iAmp, iVin] = op(
        [
          { id: 'vin', device: 'vsource', nodes: ['in', '0'], source: { dc: vin } },
          { id: 'x1', device: 'amplifier.bidirectional', nodes: ['in', 'out', '0'] },
          { id: 'rl', device: 'resistor', nodes: ['out', '0'], params: { r: RL } },
        ],
        ['v(out)', 'i(x1)', 'i(vin)'],
      );
      const want = SHIFT + A * (vin - SHIFT);
      close(vout, want);
      close(iAmp, -want / RL); // the load draws v/RL out of the output source
      close(iVin, iAmp / A); // backward current gain 1/A, SPICE signs on both sources
      console.log(`amplifier forward: v(in) ${vin} V → v(out) ${vout.toFixed(6)} V (closed form ${want.toFixed(6)}), i(x1) ${iAmp.toExponential(4)} A, i(vin) ${iVin.toExponential(4)} A`);
    }
  });

  it('backward: a nudge current I into the output is injected into the input as I/A', () => {
    const Rin = 1e5;
    for (const I of [8e-9, -3e-6, 1e-3]) {
      const [vin, vout, iAmp] = op(
        [
          { id: 'rin', device: 'resistor', nodes: ['in', '0'], params: { r: Rin } },
          { id: 'x1', device: 'amplifier.bidirectional', nodes: ['in', 'out', '0'], params: { gain: A, shift: 0 } },
          { id: 'inudge', device: 'isource', nodes: ['0', 'out'], source: { dc: I } },
        ],
        ['v(in)', 'v(out)', 'i(x1)'],
      );
      close(iAmp, I); // the output source absorbs the whole nudge
      close(vin, (Rin * I) / A);
      close(vout, A * vin);
    }
  });

  it('both directions at once, with a floating reference, match the 2 × 2 closed form', () => {
    // v_in = Vs + Rs·i/A (input injected with i/A), v_out − vr = shift + A·(v_in − vr − shift),
    // i = I − (v_out − vr)/RL  (KCL at out: the load returns to the reference node).
    const [Vs, Rs, RL, I, vr, gain, shift] = [0.9, 3e3, 1e3, 2e-4, 0.25, 2.5, 0.3];
    const [vin, vout, iAmp] = op(
      [
        { id: 'vs', device: 'vsource', nodes: ['s', '0'], source: { dc: Vs } },
        { id: 'rs', device: 'resistor', nodes: ['s', 'in'], params: { r: Rs } },
        { id: 'vref', device: 'vsource', nodes: ['ref', '0'], source: { dc: vr } },
        { id: 'x1', device: 'amplifier.bidirectional', nodes: ['in', 'out', 'ref'], params: { gain, shift } },
        { id: 'rl', device: 'resistor', nodes: ['out', 'ref'], params: { r: RL } },
        { id: 'inudge', device: 'isource', nodes: ['0', 'out'], source: { dc: I } },
      ],
      ['v(in)', 'v(out)', 'i(x1)'],
    );
    // Substituting i and v_out: v_in·(1 + Rs/RL) = Vs + (Rs/A)·I − (Rs/(A·RL))·(shift − A·vr − A·shift).
    const a11 = 1 + Rs / RL;
    const rhs = Vs + (Rs / gain) * I - (Rs / (gain * RL)) * (shift + gain * (-vr - shift));
    const vinExact = rhs / a11;
    const voutExact = vr + shift + gain * (vinExact - vr - shift);
    const iExact = I - (voutExact - vr) / RL;
    console.log(`amplifier both ways: v(in) ${vin.toFixed(9)} (closed form ${vinExact.toFixed(9)}), v(out) ${vout.toFixed(9)} (${voutExact.toFixed(9)}), i ${iAmp.toExponential(6)} (${iExact.toExponential(6)})`);
    close(vin, vinExact);
    close(vout, voutExact);
    close(iAmp, iExact);
  });
});
