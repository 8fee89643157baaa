import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/common/network/errors.js';
import { writeSpice } from '../../src/common/network/spice-writer.js';
import type { Network } from '../../src/common/network/types.js';
import { lookup } from './fake-devices.js';

const network: Network = {
  format: 'memflow.network/v1',
  title: 'writer\ntest',
  models: {
    dmod: { device: 'diode', params: { is: 1e-14, n: 1.8 } },
    hpmod: { device: 'memristor.hp', params: { ron: 100, roff: 16000, window: 0 } },
    rmod: { device: 'resistor', params: { r: 50 } },
  },
  elements: [
    { id: 'v1', device: 'vsource', nodes: ['in', '0'], source: { dc: 0, wave: { type: 'sin', vo: 0, va: 1, freq: 1, td: 0, theta: 0, phase: 90 } } },
    {
      id: 'v2',
      device: 'vsource',
      nodes: ['p', '0'],
      source: { dc: 1, wave: { type: 'pulse', v1: 0, v2: 1, td: 0, tr: 1e-9, tf: 1e-9, pw: 5e-3, per: 1e-2, np: 0 } },
    },
    { id: 'v3', device: 'vsource', nodes: ['c', '0'], source: { dc: 0, wave: { type: 'pwl', t: [0, 1e-3], v: [0, 0.1 + 0.2] } } },
    {
      id: 'v4',
      device: 'vsource',
      nodes: ['e', '0'],
      source: { dc: -2.5, wave: { type: 'exp', v1: 0, v2: 1, td1: 0, tau1: 1e-4, td2: 1e-3, tau2: 1e-4 } },
    },
    { id: 'vb', device: 'vsource', nodes: ['b', '0'] },
    { id: 'r1', device: 'resistor', nodes: ['in', 'a'], params: { r: 1000 } },
    { id: 'load', device: 'resistor', nodes: ['a', '0'], params: { r: 1 / 3 } },
    { id: 'r3', device: 'resistor', model: 'rmod', nodes: ['a', 'b'] },
    { id: 'd1', device: 'diode', model: 'dmod', nodes: ['a', '0'] },
    { id: 'd2', device: 'diode', nodes: ['a', 'b'], params: { is: 2e-14 } },
    { id: 'd3', device: 'diode', nodes: ['b', '0'] },
    { id: 'd4', device: 'diode', model: 'dmod', nodes: ['b', 'c'], params: { rs: 10 } },
    { id: 'm1', device: 'memristor.hp', model: 'hpmod', nodes: ['a', '0'] },
    { id: 'm2', device: 'memristor.hp', nodes: ['b', '0'], params: { rinit: 11000, window: 2 } },
    { id: 'f1', device: 'cccs', nodes: ['b', '0'], control: 'v1', params: { gain: 2 } },
  ],
  options: { reltol: 1e-6, itl4: 100 },
  analyses: [
    { type: 'op' },
    { type: 'dc', source: 'v1', start: -1, stop: 1, step: 0.5 },
    { type: 'tran', tstep: 1e-5, tstop: 0.02, tstart: 1e-3, uic: true },
  ],
  outputs: ['v(a)', 'v( in , a )', 'i(v1)', 'i(LOAD)', 'x(m1)', 'i(m1)'],
};

describe('writeSpice', () => {
  it('writes every kind of line', () => {
    expect(writeSpice(network, lookup)).toBe(
      [
        '* writer test',
        'V1 in 0 DC 0 SIN(0 1 1 0 0 90)',
        'V2 p 0 DC 1 PULSE(0 1 0 1e-9 1e-9 0.005 0.01)',
        'V3 c 0 DC 0 PWL(0 0 0.001 0.30000000000000004)',
        'V4 e 0 DC -2.5 EXP(0 1 0 0.0001 0.001 0.0001)',
        'Vb b 0 DC 0',
        'R1 in a 1000',
        'Rload a 0 0.3333333333333333',
        'R3 a b 50',
        'D1 a 0 dmod',
        'D2 a b d2_model',
        'D3 b 0 d3_model',
        'D4 b c d4_model',
        'YMEMRISTOR m1 a 0 hpmod',
        'YMEMRISTOR m2 b 0 m2_model',
        'F1 b 0 V1 2',
        '.model dmod d (is=1e-14 n=1.8)',
        '.model hpmod memristor (level=hp ron=100 roff=16000 window=none)',
        '.model d2_model d (is=2e-14)',
        '.model d3_model d',
        '.model d4_model d (is=1e-14 n=1.8 rs=10)',
        '.model m2_model memristor (level=hp rinit=11000 window=biolek)',
        '.options reltol=0.000001 itl4=100',
        '.op',
        '.dc V1 -1 1 0.5',
        '.tran 0.00001 0.02 0.001 uic',
        '* not printed (no SPICE output variable): x(m1) i(m1)',
        '.print dc v(a) v(in,a) i(v1) i(rload)',
        '.print tran v(a) v(in,a) i(v1) i(rload)',
        '.end',
        '',
      ].join('\n'),
    );
  });

  it('writes a bounded pulse train, tmax without tstart, and no .print without outputs', () => {
    const small: Network = {
      format: 'memflow.network/v1',
      elements: [
        {
          id: 'v1',
          device: 'vsource',
          nodes: ['a', '0'],
          source: { dc: 0, wave: { type: 'pulse', v1: 0, v2: 1, td: 1e-3, tr: 1e-6, tf: 1e-6, pw: 1e-3, per: 2e-3, np: 3 } },
        },
        { id: 'r1', device: 'resistor', nodes: ['a', '0'] },
      ],
      analyses: [{ type: 'tran', tstep: 1e-6, tstop: 1e-2, tmax: 1e-7 }],
    };
    expect(writeSpice(small, lookup)).toBe(
      [
        '* memflow network',
        'V1 a 0 DC 0 PULSE(0 1 0.001 0.000001 0.000001 0.001 0.002 3)',
        'R1 a 0 1000',
        '.tran 0.000001 0.01 0 1e-7',
        '.end',
        '',
      ].join('\n'),
    );
  });

  it('refuses a device without SPICE syntax, naming element and device', () => {
    const net: Network = {
      format: 'memflow.network/v1',
      elements: [{ id: 'u1', device: 'neuron.hopfield', nodes: ['a', 'b', '0'], loc: { file: 'n.cir', line: 2, column: 1 } }],
    };
    const error = (() => {
      try {
        writeSpice(net, lookup);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).format()).toBe(
      "n.cir:2:1: element 'u1': device 'neuron.hopfield' has no SPICE syntax, so it cannot be written to a netlist",
    );
  });

  it('refuses unknown devices and model cards, and choices out of range', () => {
    const base: Network = { format: 'memflow.network/v1', elements: [] };
    expect(() => writeSpice({ ...base, elements: [{ id: 'x1', device: 'nope', nodes: [] }] }, lookup)).toThrow(
      "element 'x1': unknown device 'nope'",
    );
    expect(() => writeSpice({ ...base, elements: [{ id: 'd1', device: 'diode', model: 'dm', nodes: ['a', '0'] }] }, lookup)).toThrow(
      "element 'd1': model 'dm' is not in models",
    );
    const bad = { ...base, elements: [{ id: 'm1', device: 'memristor.hp', nodes: ['a', '0'], params: { window: 9 } }] };
    expect(() => writeSpice(bad, lookup)).toThrow("element 'm1': params.window is not the index of one of its choices");
  });
});
