/**
 * `.ic` and `.nodeset`, against closed forms: an RC circuit started from a given voltage (with and
 * without `uic`), and a bistable neuron whose operating point the nodeset chooses.
 */
import { describe, expect, it } from 'vitest';
import { NetlistError } from '../../src/common/netlist/index.js';
import { checkNetwork } from '../../src/common/network/semantic.js';
import { writeSpice } from '../../src/common/network/spice-writer.js';
import { column, networkFromText, registry, run } from './run-helpers.js';

const TAU = 1e3 * 1e-6;

function rc(source: number, tranTail: string): string {
  return `RC from .ic\nV1 in 0 DC ${source}\nR1 in out 1k\nC1 out 0 1u\n.ic v(out)=1\n.tran 10u 5m${tranTail}\n.print tran v(out)\n.end\n`;
}

function worstAgainst(text: string, exact: (t: number) => number): { first: number; worst: number } {
  const r = run(networkFromText(text));
  const t = column(r, 'time');
  const v = column(r, 'v(out)');
  let worst = 0;
  for (let k = 0; k < t.length; k++) worst = Math.max(worst, Math.abs(v[k] - exact(t[k])));
  return { first: v[0], worst };
}

/** A neuron exciting itself through 1 kΩ: v/r = (tanh(5v) − v)/Rf, i.e. 2v = tanh(5v): v = 0 or ±0.4928. */
const BISTABLE = (nodeset: string) => `bistable neuron\nYNEURON n1 in out 0 nm\nRF out in 1k\n.model nm neuron level=hopfield r=1k gain=5\n${nodeset}\n.op\n.print op v(in)\n.end\n`;

function equilibrium(nodeset: string): number {
  return column(run(networkFromText(BISTABLE(nodeset))), 'v(in)')[0];
}

describe('.ic', () => {
  it('with uic, the transient starts from it: v(out) = e^(−t/RC)', () => {
    const { first, worst } = worstAgainst(rc(0, ' uic'), (t) => Math.exp(-t / TAU));
    expect(first).toBe(1);
    expect(worst).toBeLessThan(1e-3);
  });

  it('without uic, the operating point holds the net there, then releases it: v(out) = 0.5 + 0.5·e^(−t/RC)', () => {
    const { first, worst } = worstAgainst(rc(0.5, ''), (t) => 0.5 + 0.5 * Math.exp(-t / TAU));
    // Held through 1e10 S against the 0.5 mA the resistor pushes: off by 5e-14 V.
    expect(Math.abs(first - 1)).toBeLessThan(1e-12);
    expect(worst).toBeLessThan(1e-3);
  });

  it('does not touch .op, as in SPICE', () => {
    const text = rc(0.5, '').replace('.tran 10u 5m', '.op').replace('.print tran', '.print op');
    expect(column(run(networkFromText(text)), 'v(out)')[0]).toBeCloseTo(0.5, 12);
  });
});

describe('.nodeset', () => {
  it('chooses which operating point of a bistable circuit Newton finds, and then lets the net go', () => {
    const up = equilibrium('.nodeset v(in)=1');
    const down = equilibrium('.nodeset v(in)=-1');
    // Independently: the positive root of 2v = tanh(5v), by bisection.
    let lo = 0.1;
    let hi = 1;
    for (let k = 0; k < 200; k++) {
      const mid = (lo + hi) / 2;
      if (2 * mid - Math.tanh(5 * mid) > 0) hi = mid;
      else lo = mid;
    }
    expect(up).toBeCloseTo(lo, 9);
    expect(down).toBeCloseTo(-lo, 9);
    // Released after the first solve: a nodeset off the root still ends on it.
    expect(equilibrium('.nodeset v(in)=0.3')).toBeCloseTo(lo, 9);
    // Without one, Newton from zero stays on the unstable equilibrium v = 0.
    expect(equilibrium('*')).toBe(0);
  });
});

describe('.ic and .nodeset in netlists and networks', () => {
  it('are read, written back by the SPICE writer, and read again the same', () => {
    const net = networkFromText(rc(0.5, '').replace('.ic v(out)=1', '.ic v(out)=1 v(in)={0.25*2}\n.nodeset v(out)=0.75'));
    expect(net.ic).toEqual({ out: 1, in: 0.5 });
    expect(net.nodeset).toEqual({ out: 0.75 });
    const text = writeSpice(net, registry.lookup);
    expect(text).toMatch(/^\.ic v\(out\)=1 v\(in\)=0\.5$/m);
    expect(text).toMatch(/^\.nodeset v\(out\)=0\.75$/m);
    const again = networkFromText(text);
    expect(again.ic).toEqual(net.ic);
    expect(again.nodeset).toEqual(net.nodeset);
  });

  it('say where a netlist gets them wrong', () => {
    const bad = (line: string) => () => networkFromText(rc(0.5, '').replace('.ic v(out)=1', line));
    expect(bad('.ic v(nowhere)=1')).toThrow(NetlistError);
    expect(bad('.ic v(nowhere)=1')).toThrow(/v\(nowhere\) names a net that no element connects to/);
    expect(bad('.ic v(0)=1')).toThrow(/\.ic v\(0\): ground is always 0 V/);
    expect(bad('.ic out=1')).toThrow(/expected v\(net\)=value in \.ic, found 'out'/);
    expect(bad('.nodeset v(out)')).toThrow(/\.nodeset needs a value after v\(out\)/);
    expect(bad('.ic')).toThrow(/\.ic needs at least one v\(net\)=value/);
  });

  it('are checked in JSON networks: a net that does not exist is reported at its path', () => {
    const net = networkFromText(rc(0.5, ''));
    const errors = checkNetwork({ ...net, ic: { out: 1, nowhere: 2 } });
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/nowhere.*no net 'nowhere'/)]);
  });
});
