/**
 * A large generated netlist (a crossbar of several thousand cards in every spelling the lexer handles:
 * mixed case, comments, continuation lines, suffixes, expressions, a subcircuit) read whole. The
 * generator writes each card from numbers it keeps, so every parsed element is checked against the
 * value, nodes, model and line it was written with, not against an earlier parse.
 */
import { describe, expect, test } from 'vitest';
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry, spiceToNetwork } from '../../src/common/compiler/index.js';
import { errorOf, parse } from './helpers.js';

interface Expected {
  name: string;
  type: string;
  nodes: string[];
  value?: number;
  model?: string;
  line: number;
  column: number;
}

/** Writes an n×n crossbar and returns its text with what each element must parse to. */
function generate(n: number): { text: string; expected: Expected[] } {
  const lines: string[] = ['* generated crossbar'];
  const expected: Expected[] = [];
  const add = (text: string) => lines.push(text);
  add('.param rload=10 scale=2');
  for (let i = 0; i < n; i++) {
    // Alternate spellings of the same kind of card.
    if (i % 3 === 0) add(`V${i} R${i} 0 DC ${i}m ; row ${i}`);
    else if (i % 3 === 1) add(`v${i} r${i} gnd ${i * 1000}u`);
    else {
      add(`V${i} r${i}`);
      add(`+ 0 $ continued`);
      add(`+   ${i}e-3`);
    }
    const first = lines.length - (i % 3 === 2 ? 2 : 0);
    expected.push({ name: `v${i}`, type: 'v', nodes: [`r${i}`, '0'], value: i * 1e-3, line: first, column: 1 });
  }
  for (let j = 0; j < n; j++) {
    add(j % 2 ? `  RC${j} c${j} 0 {rload*scale+${j}}` : `RC${j} C${j} 0 ${(20 + j) / 1000}K`);
    expected.push({ name: `rc${j}`, type: 'r', nodes: [`c${j}`, '0'], value: 20 + j, line: lines.length, column: j % 2 ? 3 : 1 });
  }
  for (let i = 0; i < n; i++) {
    if (i % 7 === 0) add(`* row ${i} of the array`);
    for (let j = 0; j < n; j++) {
      const model = `m${(i + j) % 4}`;
      add((i + j) % 5 === 0 ? `A${i}_${j} %gd(r${i} c${j}) ${model.toUpperCase()}` : `a${i}_${j} r${i} c${j} ${model}`);
      expected.push({ name: `a${i}_${j}`, type: 'a', nodes: [`r${i}`, `c${j}`], model, line: lines.length, column: 1 });
    }
  }
  add('.subckt load p q params: r=1k');
  add('R1 p mid {r}');
  add('R2 mid q {r/2}');
  add('.ends load');
  add('X1 c0 c1 load r=4k');
  expected.push({ name: 'x1.r1', type: 'r', nodes: ['c0', 'x1.mid'], value: 4000, line: lines.length - 3, column: 1 });
  expected.push({ name: 'x1.r2', type: 'r', nodes: ['x1.mid', 'c1'], value: 2000, line: lines.length - 2, column: 1 });
  for (let k = 0; k < 4; k++) add(`.model m${k} memristor (rmin=1k rmax=10k rinit=${3 + k}k alpha=0 beta=${(k + 1) * 1e4} vt=0.${6 + k})`);
  add('.tran 1m 2');
  add('.print tran v(c0) i(v0)');
  add('.end');
  add('R999 never 0 1 this is after .end');
  return { text: lines.join('\n'), expected };
}

describe('a large generated netlist', () => {
  const n = 48;
  const { text, expected } = generate(n);

  test(`every one of the ${n * n + 2 * n + 2} elements has the name, nodes, value, model and line it was written with`, () => {
    const ast = parse(text);
    expect(ast.elements.length).toBe(expected.length);
    const byName = new Map(ast.elements.map((e) => [e.name, e]));
    expect(byName.size).toBe(expected.length);
    for (const want of expected) {
      const got = byName.get(want.name);
      expect(got, want.name).toBeDefined();
      expect(got!.type).toBe(want.type);
      expect(got!.nodes).toEqual(want.nodes);
      if (want.value !== undefined) expect(got!.value).toBeCloseTo(want.value, 12);
      expect(got!.model).toBe(want.model);
      expect(got!.loc).toEqual({ file: 'test.cir', line: want.line, column: want.column });
    }
    expect([...ast.models.keys()].sort()).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(ast.models.get('m2')?.params).toMatchObject({ rinit: 5000, beta: 3e4, vt: 0.8 });
  });

  test('lowered to a network, every A card is the XSPICE memristor with its model card, every R and V its device', () => {
    const network = spiceToNetwork(parse(text), new DeviceRegistry(builtinDevices));
    expect(network.elements.length).toBe(expected.length);
    const device = { a: 'memristor.xspice', r: 'resistor', v: 'vsource' } as const;
    const wanted = new Map(expected.map((x) => [x.name, x]));
    for (const e of network.elements) {
      const want = wanted.get(e.id)!;
      expect(e.device, e.id).toBe(device[want.type as keyof typeof device]);
      expect(e.model).toBe(want.model);
      if (want.type === 'r') expect(e.params?.r).toBeCloseTo(want.value!, 12);
      if (want.type === 'v') expect(e.source?.dc).toBeCloseTo(want.value!, 12);
    }
    expect(Object.keys(network.models ?? {}).sort()).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(network.outputs).toEqual(['v(c0)', 'i(v0)']);
  });

  test('an error deep in it, on a continuation line, points at the line and column of the bad token', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('a40_3 '));
    lines.splice(at + 1, 0, 'R_bad x', '+ 0', '+   12q3');
    // `12q3` is not a number: its token starts on the third line of the card, after `+   `.
    expect(errorOf(lines.join('\n'))).toBe(`test.cir:${at + 4}:5: bad value '12q3' for R_bad: expected a number such as 1k or 2.2e-3`);
  });
});
