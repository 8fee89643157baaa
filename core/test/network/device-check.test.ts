import { describe, expect, it } from 'vitest';
import { checkAgainstDevices } from '../../src/common/network/device-check.js';
import type { Network } from '../../src/common/network/types.js';
import { validateNetworkJson } from '../../src/common/network/validate.js';
import { knownIds, lookup } from './fake-devices.js';
import { clone, FILE, pos } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests mutate the input into invalid shapes
type Json = any;

const base: Network = {
  format: 'memflow.network/v1',
  models: { dmod: { device: 'diode', params: { is: 1e-14, n: 1.8 } } },
  elements: [
    { id: 'v1', device: 'vsource', nodes: ['in', '0'], source: { dc: 1 } },
    { id: 'r1', device: 'resistor', nodes: ['in', 'a'], params: { r: 1000 } },
    { id: 'd1', device: 'diode', model: 'dmod', nodes: ['a', '0'], params: { rs: 10 } },
    { id: 'm1', device: 'memristor.hp', nodes: ['a', '0'], params: { window: 2 } },
  ],
  analyses: [{ type: 'dc', source: 'v1', start: 0, stop: 1, step: 0.1 }],
  outputs: ['v(a)', 'i(v1)', 'x(m1)', 'x(m1.w)'],
};

/** Device-check messages for the edited network, located in its pretty-printed JSON. */
function check(edit: (n: Json) => void): { text: string; errors: string[] } {
  const n = clone(base) as Json;
  edit(n);
  const text = JSON.stringify(n, null, 2);
  const { network, errors, locate } = validateNetworkJson(text, FILE);
  expect(errors).toEqual([]);
  return { text, errors: checkAgainstDevices(network!, lookup, { knownIds, locate }).map((e) => e.format()) };
}

describe('checkAgainstDevices', () => {
  it('accepts a network that fits its devices', () => {
    expect(check(() => {}).errors).toEqual([]);
  });

  it.each<[string, (n: Json) => void, string, string]>([
    // [case, edit of the valid network, where the error must point (^ marks the column), message]
    ['unknown device', (n) => (n.elements[1].device = 'resistr'), '"resistr"', "element 'r1': unknown device 'resistr' (did you mean 'resistor'?)"],
    ['unknown device of a model card', (n) => (n.models.dx = { device: 'dio', params: {} }), '"dio"', "model 'dx': unknown device 'dio' (did you mean 'diode'?)"],
    ['wrong node count', (n) => n.elements[1].nodes.push('b'), '"nodes": ^[\n        "in",\n        "a"', "element 'r1': device 'resistor' has 2 terminals (p, n) but nodes lists 3"],
    ['unknown param', (n) => (n.models.dmod.params.iss = 1), '"iss": ^1', "model 'dmod': unknown parameter 'iss' of device 'diode' (did you mean 'is'?)"],
    ['param below its minimum', (n) => (n.elements[1].params.r = -5), '^-5', "element 'r1': params.r must be >= 0, got -5"],
    ['param outside its range', (n) => (n.models.dmod.params.n = 20), '^20', "model 'dmod': params.n must be between 0.1 and 10, got 20"],
    ['choice out of range', (n) => (n.elements[3].params.window = 4), '"window": ^4', "element 'm1': params.window must be the index of one of its choices (0=none, 1=joglekar, 2=biolek, 3=prodromakis), got 4"],
    ['choice not an integer', (n) => (n.elements[3].params.window = 1.5), '^1.5', "element 'm1': params.window must be the index of one of its choices (0=none, 1=joglekar, 2=biolek, 3=prodromakis), got 1.5"],
    ['source on a passive device', (n) => (n.elements[1].source = { dc: 1 }), '"source": ^{\n        "dc": 1\n      }\n    },\n    {\n      "id": "d1"', "element 'r1': source is only for independent sources; device 'resistor' is not one"],
    ['dc sweep of a resistor', (n) => (n.analyses[0].source = 'r1'), '"source": ^"r1"', "analyses[0].source 'r1' is not an independent source (device 'resistor')"],
    ['unknown state', (n) => (n.outputs[3] = 'x(m1.q)'), '"x(m1.q)"', "outputs[3] 'x(m1.q)': device 'memristor.hp' has no state 'q'"],
    ['state of a stateless device', (n) => (n.outputs[2] = 'x(r1)'), '"x(r1)"', "outputs[2] 'x(r1)': device 'resistor' has no state"],
  ])('%s', (_, edit, needle, message) => {
    const { text, errors } = check(edit);
    expect(errors).toEqual([`${FILE}:${pos(text, needle)}: ${message}`]);
  });

  it('accepts a parameter given by its netlist alias, as the compiler does', () => {
    expect(check((n) => (n.elements[2].params = { rser: 1 })).errors).toEqual([]);
  });

  it('asks which state when a device has several', () => {
    const n = clone(base) as Json;
    n.elements.push({ id: 'u1', device: 'neuron.hopfield', nodes: ['a', 'b', '0'] });
    n.outputs = ['x(u1)', 'x(u1.a)'];
    expect(checkAgainstDevices(n, lookup).map((e) => e.message)).toEqual([
      "outputs[0] 'x(u1)': device 'neuron.hopfield' has states u, a; name one as x(u1.u)",
    ]);
  });

  it("without a locator, places errors at the elements' own loc", () => {
    const n = clone(base) as Json;
    n.elements[1].params.r = -1;
    n.elements[1].loc = { file: 'in.cir', line: 4, column: 1 };
    n.elements[2].device = 'nope';
    const [located, unlocated] = checkAgainstDevices(n, lookup);
    expect(located.format()).toBe("in.cir:4:1: element 'r1': params.r must be >= 0, got -1");
    expect(unlocated.format()).toBe("element 'd1': unknown device 'nope'");
    expect(unlocated.path).toEqual(['elements', 2, 'device']);
  });
});
