import { describe, expect, it } from 'vitest';
import { parseNetlist } from '../../src/common/netlist/index.js';

describe("Xyce's generic Y devices", () => {
  it('reads Y<type> name node... model [k=v] with any number of nodes', () => {
    const ast = parseNetlist('title\nYNEURON n1 in out 0 hop gain=2\n.model hop neuron (activation=1)\n.end\n', { file: 't.cir' });
    const [el] = ast.elements;
    expect(el).toMatchObject({ name: 'n1', type: 'y', ydevice: 'neuron', nodes: ['in', 'out', '0'], model: 'hop', params: { gain: 2 } });
  });
  it('keeps YMEMRISTOR as before', () => {
    const ast = parseNetlist('title\nYMEMRISTOR m1 a 0 mm\n.model mm memristor level=hp\n.end\n', { file: 't.cir' });
    expect(ast.elements[0]).toMatchObject({ name: 'm1', type: 'ymemristor', nodes: ['a', '0'], model: 'mm' });
  });
});

describe('.options method=', () => {
  it('selects the integrator by its SPICE name', () => {
    expect(parseNetlist('t\n.options method=gear reltol=1e-4\n.end\n', { file: 't.cir' }).options).toEqual({ trbdf2: 0, reltol: 1e-4 });
    expect(parseNetlist('t\n.options method=trap\n.end\n', { file: 't.cir' }).options).toEqual({ trbdf2: 1 });
  });
});
