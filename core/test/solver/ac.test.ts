/**
 * `.ac` against closed forms: an RC low-pass, a series RLC at and around resonance, and the
 * small-signal admittance of a threshold memristor under DC bias, whose state follows slow signals.
 */
import { describe, expect, it } from 'vitest';
import { acFrequencies } from '../../src/common/solver/ac.js';
import { writeSpice } from '../../src/common/network/spice-writer.js';
import { NetlistError } from '../../src/common/netlist/index.js';
import { simulate } from '../../src/common/solver/simulate.js';
import { column, networkFromText, registry, run } from './run-helpers.js';

type Complex = [number, number];
const div = ([a, b]: Complex, [c, d]: Complex): Complex => [(a * c + b * d) / (c * c + d * d), (b * c - a * d) / (c * c + d * d)];
const mag = ([a, b]: Complex) => Math.hypot(a, b);
const deg = ([a, b]: Complex) => (Math.atan2(b, a) * 180) / Math.PI;

function worst(text: string, name: string, exact: (f: number) => Complex): { mag: number; phase: number; points: number } {
  const r = run(networkFromText(text));
  const f = column(r, 'frequency');
  const m = column(r, name.replace('(', 'm('));
  const p = column(r, name.replace('(', 'p('));
  let em = 0;
  let ep = 0;
  for (let k = 0; k < f.length; k++) {
    const z = exact(f[k]);
    em = Math.max(em, Math.abs(m[k] - mag(z)) / mag(z));
    ep = Math.max(ep, Math.abs(p[k] - deg(z)));
  }
  return { mag: em, phase: ep, points: f.length };
}

describe('.ac', () => {
  it('visits SPICE frequencies: per decade, per octave, linear', () => {
    expect(acFrequencies({ sweep: 'dec', points: 2, fstart: 10, fstop: 1000 })).toEqual([10, 10 * Math.sqrt(10), 100, 100 * Math.sqrt(10), 1000].map((x, k) => 10 * 10 ** (k / 2)));
    expect(acFrequencies({ sweep: 'oct', points: 1, fstart: 1, fstop: 8 })).toEqual([1, 2, 4, 8]);
    expect(acFrequencies({ sweep: 'lin', points: 3, fstart: 1, fstop: 2 })).toEqual([1, 1.5, 2]);
  });

  it('RC low-pass: v(out) = 1/(1 + jωRC), i(c1) = jωC·v(out)', () => {
    const text = 'RC\nV1 in 0 DC 0 AC 1\nR1 in out 1k\nC1 out 0 1u\n.ac dec 10 1 1meg\n.print ac v(out) i(c1)\n.end\n';
    const h = (f: number): Complex => div([1, 0], [1, 2 * Math.PI * f * 1e-3]);
    const v = worst(text, 'v(out)', h);
    expect(v.points).toBe(61);
    expect(v.mag).toBeLessThan(1e-12);
    expect(v.phase).toBeLessThan(1e-9);
    const i = worst(text, 'i(c1)', (f) => {
      const [a, b] = h(f);
      const w = 2 * Math.PI * f * 1e-6;
      return [-w * b, w * a];
    });
    expect(i.mag).toBeLessThan(1e-12);
  });

  it('series RLC: the current peaks at 1/R at f0 = 1/(2π√(LC)), with the source phase and magnitude given', () => {
    // AC 2 30: the phasor 2∠30°; the current into V1's + terminal is −V/Z.
    const text = 'RLC\nV1 a 0 AC 2 30\nR1 a b 10\nL1 b c 10m\nC1 c 0 1u\n.ac lin 101 1k 2k\n.print ac i(v1)\n.end\n';
    const z = (f: number): Complex => {
      const w = 2 * Math.PI * f;
      return [10, w * 1e-2 - 1 / (w * 1e-6)];
    };
    const v: Complex = [2 * Math.cos(Math.PI / 6), 2 * Math.sin(Math.PI / 6)];
    const r = worst(text, 'i(v1)', (f) => {
      const [a, b] = div(v, z(f));
      return [-a, -b];
    });
    expect(r.mag).toBeLessThan(1e-10);
    expect(r.phase).toBeLessThan(1e-7);
  });

  it('a biased threshold memristor: Y = 1/R0 + j·V0·α/(R0²·ω) — its resistance follows slow signals', () => {
    // i = v/R, dR/dt = α·v inside the threshold band; at V0 = 0.5 V (below vt = 1 V) and R0 = 5 kΩ:
    // δi = δv/R0 − V0·δR/R0² with jω·δR = α·δv.
    const text = 'memristor\nV1 a 0 DC 0.5 AC 1\nA1 a 0 mem\n.model mem memristor (rmin=1k rmax=10k rinit=5k alpha=1e4 beta=1e6 vt=1)\n.ac dec 5 0.01 100\n.print ac i(a1) x(a1)\n.end\n';
    const [R0, V0, alpha] = [5e3, 0.5, 1e4];
    const y = worst(text, 'i(a1)', (f) => [1 / R0, (V0 * alpha) / (R0 * R0 * 2 * Math.PI * f)]);
    expect(y.mag).toBeLessThan(1e-10);
    expect(y.phase).toBeLessThan(1e-7);
    const x = worst(text, 'x(a1)', (f) => [0, -alpha / (2 * Math.PI * f)]);
    expect(x.mag).toBeLessThan(1e-10);
  });

  it('a memristor at a bound of its state is held there: its admittance is 1/R at every frequency', () => {
    const text = 'memristor\nV1 a 0 DC 0.5 AC 1\nA1 a 0 mem\n.model mem memristor (rmin=1k rmax=10k rinit=10k alpha=1e4 beta=1e6 vt=1)\n.ac dec 2 0.01 100\n.print ac i(a1) x(a1)\n.end\n';
    expect(worst(text, 'i(a1)', () => [1e-4, 0]).mag).toBeLessThan(1e-12);
    const r = run(networkFromText(text));
    expect(Math.max(...column(r, 'xm(a1)'))).toBe(0);
  });

  it('reads and writes SPICE: AC source specs and the .ac card', () => {
    const net = networkFromText('x\nV1 a 0 DC 0.5 AC 2 45\nR1 a 0 1k\n.ac oct 3 1 1k\n.end\n');
    expect(net.elements[0].source).toEqual({ dc: 0.5, ac: { mag: 2, phase: 45 } });
    expect(net.analyses).toEqual([{ type: 'ac', sweep: 'oct', points: 3, fstart: 1, fstop: 1000 }]);
    const text = writeSpice(net, registry.lookup);
    expect(text).toMatch(/^V1 a 0 DC 0\.5 AC 2 45$/m);
    expect(text).toMatch(/^\.ac oct 3 1 1000$/m);
    expect(networkFromText(text).analyses).toEqual(net.analyses);
  });

  it('says what is wrong with an .ac card', () => {
    const bad = (card: string) => () => networkFromText(`x\nV1 a 0 AC 1\nR1 a 0 1k\n${card}\n.end\n`);
    expect(bad('.ac 10 1 1k')).toThrow(NetlistError);
    expect(bad('.ac 10 1 1k')).toThrow(/\.ac needs the sweep type first/);
    expect(bad('.ac dec 10 0 1k')).toThrow(/fstart must be above 0 Hz/);
    expect(bad('.ac dec 10 1k 1')).toThrow(/fstop 1 is below fstart 1k/);
    expect(bad('.ac dec 2.5 1 1k')).toThrow(/points must be a whole number/);
  });
});

describe('.ac outputs with a part', () => {
  it('vdb, vp, vr, vi, im read one part each; transient prints leave them out', () => {
    const text = 'RC\nV1 in 0 DC 0 AC 1\nR1 in out 1k\nC1 out 0 1u\n.ac lin 3 100 300\n.tran 10u 1m\n.print ac vdb(out) vp(out) vr(out) vi(out) im(c1)\n.print tran v(out)\n.end\n';
    const net = networkFromText(text);
    const ac = run(net, net.analyses!.find((a) => a.type === 'ac'));
    expect(ac.columns).toEqual(['frequency', 'vdb(out)', 'vp(out)', 'vr(out)', 'vi(out)', 'im(c1)', 'vm(out)', 'vp(out)']);
    const f = column(ac, 'frequency');
    for (let k = 0; k < f.length; k++) {
      const [re, im] = div([1, 0], [1, 2 * Math.PI * f[k] * 1e-3]);
      expect(ac.data[1][k]).toBeCloseTo(20 * Math.log10(Math.hypot(re, im)), 10);
      expect(ac.data[3][k]).toBeCloseTo(re, 12);
      expect(ac.data[4][k]).toBeCloseTo(im, 12);
    }
    const tran = run(net, net.analyses!.find((a) => a.type === 'tran'));
    expect(tran.columns).toEqual(['time', 'v(out)']);
    // Asked for outside .ac (e.g. by a .meas tran card), a part is refused with the reason.
    expect(() => simulate(net, registry.lookup, net.analyses!.find((a) => a.type === 'tran')!, ['v(out)'], { extraOutputs: ['vdb(out)'] })).toThrow(
      /output 'vdb\(out\)' reads a phasor part: it belongs to \.ac analyses/,
    );
    // And the SPICE writer keeps each where it belongs.
    const written = writeSpice(net, registry.lookup);
    expect(written).toMatch(/^\.print tran v\(out\)$/m);
    expect(written).toMatch(/^\.print ac vdb\(out\) vp\(out\) vr\(out\) vi\(out\) im\(c1\) v\(out\)$/m);
  });
});
