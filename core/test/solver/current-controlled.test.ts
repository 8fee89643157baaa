/**
 * SPICE's F (current-controlled current source) and H (current-controlled voltage source) elements,
 * against the circuits' closed forms. Their sign conventions were checked against ngspice 39 on the
 * first netlist (v(c) = 2, v(d) = 0.5, v(e) = −3, i(vs) = 1 mA).
 */
import { describe, expect, it } from 'vitest';
import { writeSpice } from '../../src/common/network/spice-writer.js';
import { CircuitError } from '../../src/common/solver/errors.js';
import { column, networkFromText, registry, run } from './run-helpers.js';

/** 1 V through 1 kΩ into a zero-volt source VS: i(VS) = 1 mA, copied by two F and one H. */
const THREE_ON_ONE = `F and H on one sense source
V1 a 0 DC 1
R1 a b 1k
VS b 0 DC 0
F1 0 c VS 2
R2 c 0 1k
H1 d 0 VS 500
R3 d 0 1k
F2 0 e VS -3
R4 e 0 1k
.op
.print op v(b) v(c) v(d) v(e) i(vs) i(f1) i(h1) i(f2)
.end
`;

const PRINTED = ['v(b)', 'v(c)', 'v(d)', 'v(e)', 'i(vs)', 'i(f1)', 'i(h1)', 'i(f2)'];

function values(text: string, outputs: readonly string[] = PRINTED): Record<string, number> {
  const network = networkFromText(text);
  const r = run(network, network.analyses![0], outputs);
  return Object.fromEntries(r.columns.filter((name) => name !== 'time').map((name) => [name, column(r, name)[0]]));
}

describe('F and H elements', () => {
  it('copy the current through their control source, scaled, with SPICE signs', () => {
    const v = values(THREE_ON_ONE);
    const i = 1 / 1000;
    expect(v['i(vs)']).toBeCloseTo(i, 15);
    expect(v['v(b)']).toBeCloseTo(0, 15);
    // F: gain·i flows from n+ (ground) through the source into n−, so it lifts n− above ground.
    expect(v['v(c)']).toBeCloseTo(2 * i * 1000, 12);
    expect(v['v(e)']).toBeCloseTo(-3 * i * 1000, 12);
    // H: v(n+) − v(n−) = r·i.
    expect(v['v(d)']).toBeCloseTo(500 * i, 12);
    // i() of an F is its output current, n+ through the source to n−; of an H, the current into n+.
    expect(v['i(f1)']).toBeCloseTo(2 * i, 15);
    expect(v['i(f2)']).toBeCloseTo(-3 * i, 15);
    expect(v['i(h1)']).toBeCloseTo(-(500 * i) / 1000, 15);
  });

  it('sense any two-terminal element, not only a voltage source', () => {
    const v = values(THREE_ON_ONE.replace('F1 0 c VS 2', 'F1 0 c R1 2').replace('H1 d 0 VS 500', 'H1 d 0 R1 500'));
    expect(v['v(c)']).toBeCloseTo(2, 12);
    expect(v['v(d)']).toBeCloseTo(0.5, 12);
    expect(v['i(vs)']).toBeCloseTo(1e-3, 15);
  });

  it('follow a time-varying control in a transient: an F charging a capacitor integrates the sensed current', () => {
    // C·dv/dt = gain·v1(t)/R1 with v1 = sin(2π·50·t): v(t) = gain/(R1·C)·(1 − cos ωt)/ω. The 1 GΩ leak
    // (a DC path) changes v by less than t/τ = 0.04 / 1000 relative.
    const net = networkFromText(`F into a capacitor
V1 a 0 SIN(0 1 50)
R1 a b 1k
VS b 0 DC 0
F1 0 c VS 4
C1 c 0 1u
RL c 0 1g
.tran 10u 40m
.print tran v(c)
.end
`);
    const r = run(net);
    const t = column(r, 'time');
    const vc = column(r, 'v(c)');
    const w = 2 * Math.PI * 50;
    const exact = (s: number) => (4 / (1e3 * 1e-6)) * ((1 - Math.cos(w * s)) / w);
    let worst = 0;
    for (let k = 0; k < t.length; k++) worst = Math.max(worst, Math.abs(vc[k] - exact(t[k])));
    // Peak of the exact solution: 2·4/(1e-3·ω) ≈ 25.5 V.
    expect(worst / 25.46).toBeLessThan(2e-3);
    expect(t.length).toBeGreaterThan(100);
  });

  it('go through the SPICE writer and back unchanged', () => {
    const network = networkFromText(THREE_ON_ONE);
    const text = writeSpice(network, registry.lookup);
    expect(text).toMatch(/^F1 0 c VS 2$/im);
    expect(text).toMatch(/^H1 d 0 VS 500$/im);
    expect(values(text)).toEqual(values(THREE_ON_ONE));
  });

  it('work from a JSON network too (device cccs, two nodes and a control)', () => {
    const network = networkFromText(THREE_ON_ONE);
    const f1 = network.elements.find((el) => el.id.toLowerCase() === 'f1')!;
    expect(f1).toMatchObject({ device: 'cccs', nodes: ['0', 'c'], control: 'vs', params: { gain: 2 } });
  });

  it('say clearly when the control is missing or cannot be sensed', () => {
    const network = networkFromText(THREE_ON_ONE);
    const spec = network.analyses![0];
    const broken = (mutate: (els: (typeof network.elements)[number][]) => (typeof network.elements)[number][]) => () => run({ ...network, elements: mutate([...network.elements]) }, spec);
    expect(broken((els) => els.filter((el) => el.id.toLowerCase() !== 'vs'))).toThrow(CircuitError);
    expect(broken((els) => els.filter((el) => el.id.toLowerCase() !== 'vs'))).toThrow(/element 'f1': its control element 'vs' is not in the circuit/);
    expect(broken((els) => els.map((el) => (el.id.toLowerCase() === 'f1' ? { ...el, control: 'H1' } : el)))).toThrow(/element 'f1': its control 'h1' must be a two-terminal element/);
    expect(broken((els) => els.map((el) => (el.id.toLowerCase() === 'r2' ? { ...el, control: 'VS' } : el)))).toThrow(/element 'r2' \(resistor\) names a control element 'VS', but only current-controlled sources \(F, H\) take one/);
    expect(broken((els) => els.map((el) => (el.id.toLowerCase() === 'f1' ? { ...el, control: undefined } : el)))).toThrow(/element 'f1' \(cccs\) needs a control/);
  });
});
