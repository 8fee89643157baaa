import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/common/network/errors.js';
import { checkNetwork } from '../../src/common/network/semantic.js';
import type { Network } from '../../src/common/network/types.js';
import { parseNetworkJson, validateNetworkJson } from '../../src/common/network/validate.js';
import { clone, FILE, parseError, pos } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests mutate the input into invalid shapes
type Json = any;

const base: Network = {
  format: 'memflow.network/v1',
  title: 'resistor-diode-memristor',
  models: { dmod: { device: 'diode', params: { is: 1e-14, n: 1.8 } } },
  elements: [
    {
      id: 'v1',
      device: 'vsource',
      nodes: ['in', '0'],
      source: { dc: 0, wave: { type: 'sin', vo: 0, va: 1, freq: 50, td: 0, theta: 0, phase: 0 } },
    },
    { id: 'r1', device: 'resistor', nodes: ['in', 'a'], params: { r: 1000 } },
    { id: 'd1', device: 'diode', model: 'dmod', nodes: ['a', '0'] },
    { id: 'm1', device: 'memristor.hp', nodes: ['a', '0'], params: { ron: 100, window: 2 } },
  ],
  options: { reltol: 1e-6 },
  analyses: [
    { type: 'op' },
    { type: 'dc', source: 'v1', start: -1, stop: 1, step: 0.1 },
    { type: 'tran', tstep: 1e-5, tstop: 0.02, uic: true },
  ],
  outputs: ['v(a)', 'v(in,a)', 'i(v1)', 'x(m1)', 'x(m1.w)'],
  layout: { in: [0, 0], a: [1, 0] },
};

/** The base network with `edit` applied, as pretty-printed JSON (so errors land on distinct lines). */
function doc(edit: (n: Json) => void = () => {}): string {
  const n = clone(base) as Json;
  edit(n);
  return JSON.stringify(n, null, 2);
}

describe('parseNetworkJson: valid input', () => {
  it('round-trips a network with every kind of field', () => {
    const full: Network = {
      ...base,
      models: { ...base.models, dloc: { device: 'diode', params: {}, loc: { file: 'a.cir', line: 3, column: 1 } } },
      elements: [
        ...base.elements,
        {
          id: 'v2',
          device: 'vsource',
          nodes: ['b', '0'],
          source: { dc: 1, wave: { type: 'pulse', v1: 0, v2: 1, td: 0, tr: 1e-9, tf: 1e-9, pw: 5e-3, per: 1e-2, np: 0 } },
        },
        { id: 'v3', device: 'vsource', nodes: ['c', '0'], source: { dc: 0, wave: { type: 'pwl', t: [0, 1e-3], v: [0, 0.1 + 0.2] } } },
        {
          id: 'v4',
          device: 'vsource',
          nodes: ['e', '0'],
          source: { dc: 0, wave: { type: 'exp', v1: 0, v2: 1, td1: 0, tau1: 1e-4, td2: 1e-3, tau2: 1e-4 } },
        },
        { id: 'f1', device: 'cccs', nodes: ['b', 'c'], control: 'v1', params: { gain: 2 }, loc: { file: 'a.cir', line: 9, column: 1 } },
      ],
    };
    const text = JSON.stringify(full, null, 2);
    expect(parseNetworkJson(text, FILE)).toEqual(full);
    expect(validateNetworkJson(text, FILE).errors).toEqual([]);
  });

  it('keeps numbers bit-exact', () => {
    const net = parseNetworkJson(doc((n) => (n.elements[1].params.r = 0.1 + 0.2)), FILE);
    expect(net.elements[1].params!.r).toBe(0.30000000000000004);
  });
});

describe('parseNetworkJson: JSON syntax errors', () => {
  it.each([
    // [case, text, expected line:col: message]
    ['trailing comma', '{ "format": "memflow.network/v1", "elements": [], }', '1:49: invalid JSON: trailing comma'],
    ['missing comma', '{\n  "format": "memflow.network/v1"\n  "elements": []\n}', `3:3: invalid JSON: expected ','`],
    ['missing colon', '{\n  "format" "memflow.network/v1"\n}', `2:12: invalid JSON: expected ':' after the property name`],
    ['comment', '{\n  // a network\n  "elements": []\n}', '2:3: invalid JSON: comments are not allowed'],
    ['NaN', '{\n  "options": { "gmin": NaN }\n}', '2:24: invalid JSON: unexpected "NaN"'],
    ['single quotes', "{\n  'format': 1\n}", `2:3: invalid JSON: unexpected "'format'"`],
    ['truncated', '{ "format": "memflow.network/v1",\n  "elements": [', '2:16: invalid JSON: unexpected end of input'],
    ['empty', '', '1:1: invalid JSON: unexpected end of input'],
    ['raw newline in string', '{ "title": "a\nb" }', '1:12: invalid JSON: unterminated string'],
    ['text after the value', '{ "elements": [] } x', '1:20: invalid JSON: unexpected "x"'],
  ])('%s', (_, text, expected) => {
    expect(parseError(text)).toBe(`${FILE}:${expected}`);
  });
});

describe('parseNetworkJson: schema errors', () => {
  it.each<[string, (n: Json) => void, string, string, number?]>([
    ['wrong format', (n) => (n.format = 'memflow.network/v2'), '"memflow.network/v2"', "format must be 'memflow.network/v1'"],
    ['unknown top-level property', (n) => (n.outputz = []), '"outputz"', "unknown property 'outputz' (did you mean 'outputs'?)"],
    ['non-number param', (n) => (n.elements[1].params.r = '1k'), '"1k"', "element 'r1': params.r must be a finite number"],
    ['unknown element property', (n) => (n.elements[1].param = {}), '"param"', "element 'r1': unknown property 'param' (did you mean 'params'?)"],
    ['missing element property', (n) => delete n.elements[1].nodes, '{\n      "id": "r1"', "element 'r1': missing required property 'nodes'"],
    ['element not an object', (n) => (n.elements[2] = 5), '\n    ^5,', 'elements[2] must be an object'],
    ['id not a string', (n) => (n.elements[2].id = 7), '7', 'elements[2].id must be a string'],
    ['node name with a space', (n) => (n.elements[1].nodes[1] = 'a b'), '"a b"', "element 'r1': nodes[1] must not contain spaces, parentheses, commas or ="],
    ['param name with a space', (n) => (n.elements[1].params['r x'] = 1), '"r x"', "element 'r1': property name 'r x' must not contain spaces, parentheses, commas or ="],
    ['unknown waveform type', (n) => (n.elements[0].source.wave.type = 'square'), '"square"', "element 'v1': source.wave.type must be one of 'sin', 'pulse', 'pwl', 'exp'"],
    ['missing waveform field', (n) => delete n.elements[0].source.wave.freq, '"wave": ^{', "element 'v1': missing required property 'source.wave.freq'"],
    ['unknown analysis type', (n) => (n.analyses[1].type = 'noise'), '"noise"', "analyses[1].type must be one of 'op', 'dc', 'tran', 'ac'"],
    ['missing analysis type', (n) => delete n.analyses[0].type, '{}', "missing required property 'analyses[0].type'"],
    ['non-boolean uic', (n) => (n.analyses[2].uic = 'yes'), '"yes"', 'analyses[2].uic must be true or false'],
    ['layout point too short', (n) => (n.layout.a = [1]), '[\n      1\n    ]', 'layout.a must have at least 2 items'],
    ['model card param', (n) => (n.models.dmod.params.n = null), 'null', "model 'dmod': params.n must be a finite number"],
    ['output syntax', (n) => (n.outputs[1] = 'v(in'), '"v(in"', 'outputs[1] must be v(net), v(net,net), i(element), x(element) or x(element.state) (in .ac also vm, vp, vdb, vr, vi and im, ip, ...)'],
    ['missing elements', (n) => delete n.elements, '{', "missing required property 'elements'"],
  ])('%s', (_, edit, needle, message) => {
    const text = doc(edit);
    expect(parseError(text)).toBe(`${FILE}:${pos(text, needle)}: ${message}`);
  });

  it('rejects numbers that overflow to Infinity', () => {
    const text = doc().replace('"r": 1000', '"r": 1e999');
    expect(parseError(text)).toBe(`${FILE}:${pos(text, '1e999')}: element 'r1': params.r must be a finite number`);
  });

  it('reports a property given twice at its second occurrence', () => {
    const text = doc().replace('"r": 1000', '"r": 1000, "r": 2000');
    expect(parseError(text)).toBe(`${FILE}:${pos(text, '"r"', 1)}: element 'r1': params.r is given twice`);
  });

  it('rejects __proto__ as a name, since JSON.parse would make it a prototype and drop the value', () => {
    const text = doc().replace('"r": 1000', '"__proto__": 1000');
    expect(parseError(text)).toBe(`${FILE}:${pos(text, '"__proto__"')}: element 'r1': params.__proto__ is a reserved name`);
  });

  it('reports the first problem in the text and collects them all', () => {
    const text = doc((n) => {
      n.layout.a = 'x';
      n.elements[3].params.ron = 'x';
    });
    const { errors, network } = validateNetworkJson(text, FILE);
    expect(network).toBeUndefined();
    expect(errors.map((e) => e.message)).toEqual([
      "element 'm1': params.ron must be a finite number",
      'layout.a must be an array',
    ]);
    expect(errors[1].loc).toEqual({ file: FILE, ...lineCol(pos(text, '"x"', 1)) });
  });
});

describe('parseNetworkJson: consistency errors', () => {
  it.each<[string, (n: Json) => void, string, string]>([
    ['duplicate id, any case', (n) => (n.elements[3].id = 'R1'), '"R1"', "element 'R1': id is already used by elements[1]"],
    ['missing model card', (n) => (n.elements[2].model = 'dmodd'), '"dmodd"', "element 'd1': model 'dmodd' is not in models (did you mean 'dmod'?)"],
    ['model card of another device', (n) => (n.elements[2].device = 'diode2'), '"dmod",', "element 'd1': model 'dmod' is a card for device 'diode', not 'diode2'"],
    ['missing control', (n) => (n.elements[1].control = 'v2'), '"v2"', "element 'r1': control 'v2' is not an element (did you mean 'v1'?)"],
    ['dc of a missing source', (n) => (n.analyses[1].source = 'v9'), '"v9"', "analyses[1].source 'v9' is not an element (did you mean 'v1'?)"],
    ['dc step of zero', (n) => (n.analyses[1].step = 0), '"step": ^0', 'analyses[1].step must not be 0'],
    ['tran without a duration', (n) => (n.analyses[2].tstop = 0), '"tstop": ^0', 'analyses[2].tstop must be > 0'],
    ['output of an unknown net', (n) => (n.outputs[1] = 'v(in,aa)'), '"v(in,aa)"', "outputs[1] 'v(in,aa)': no net 'aa' (did you mean 'a'?)"],
    ['current of an unknown element', (n) => (n.outputs[2] = 'i(r2)'), '"i(r2)"', "outputs[2] 'i(r2)': no element 'r2' (did you mean 'r1'?)"],
    ['state of an unknown element', (n) => (n.outputs[4] = 'x(m2.w)'), '"x(m2.w)"', "outputs[4] 'x(m2.w)': no element 'm2.w'"],
    ['pwl lengths', (n) => (n.elements[0].source.wave = { type: 'pwl', t: [0, 1], v: [0] }), '"v": ^[', "element 'v1': source.wave.v has 1 values for 2 times"],
    ['pwl time going back', (n) => (n.elements[0].source.wave = { type: 'pwl', t: [0, 2, 1], v: [0, 1, 2] }), '2,\n            ^1', "element 'v1': source.wave.t[2] must not be before the previous time"],
  ])('%s', (_, edit, needle, message) => {
    const text = doc(edit);
    expect(parseError(text)).toBe(`${FILE}:${pos(text, needle)}: ${message}`);
  });

  it('matches nets and element ids case-insensitively, as SPICE does', () => {
    expect(() => parseNetworkJson(doc((n) => (n.outputs = ['v(IN,A)', 'i(V1)', 'x(M1.w)'])), FILE)).not.toThrow();
  });

  it('still returns the network when only consistency checks fail', () => {
    const { network, errors } = validateNetworkJson(doc((n) => (n.outputs = ['v(zz)'])), FILE);
    expect(network?.outputs).toEqual(['v(zz)']);
    expect(errors).toHaveLength(1);
  });
});

describe('checkNetwork', () => {
  it("locates problems of a network built in memory at its elements' loc", () => {
    const net = clone(base) as Json;
    net.elements[2] = { ...net.elements[2], model: 'nope', loc: { file: 'in.cir', line: 7, column: 1 } };
    net.outputs = ['v(zz)'];
    expect(checkNetwork(net).map((e) => e.format())).toEqual([
      "in.cir:7:1: element 'd1': model 'nope' is not in models",
      "outputs[0] 'v(zz)': no net 'zz'",
    ]);
  });
});

describe('NetworkError', () => {
  it('formats with and without a location', () => {
    expect(new NetworkError('boom', { file: 'x.cir', line: 3, column: 7 }).format()).toBe('x.cir:3:7: boom');
    expect(new NetworkError('boom').format()).toBe('boom');
  });
});

function lineCol(lc: string): { line: number; column: number } {
  const [line, column] = lc.split(':').map(Number);
  return { line, column };
}
