import { describe, expect, test } from 'vitest';
import { errorOf, parse, reader } from './helpers.js';

describe('.include', () => {
  const files = {
    'models.lib': '* no title in an included file: this is a comment\n.model dmod d is=1f\nR9 x 0 {rx}\n.end\nR10 junk',
    'sub/amp.inc': '.include "models.lib"\n.subckt amp in out\nR1 in out 1k\n.ends',
    'deep.inc': 'Rdeep a 0 1\n.inc sub/amp.inc',
  };

  test('splices the file in place, its first line is not a title, .end ends only that file', () => {
    const ast = parse('title\nR1 a 0 1\n.include models.lib\nR2 a 0 2\n.param rx=5', { readFile: reader(files) });
    expect(ast.elements.map((e) => e.name)).toEqual(['r1', 'r9', 'r2']);
    expect(ast.elements[1]).toMatchObject({ value: 5, loc: { file: 'models.lib', line: 3, column: 1 } });
    expect(ast.models.get('dmod')?.loc).toEqual({ file: 'models.lib', line: 2, column: 8 });
    expect(ast.files).toEqual(['test.cir', 'models.lib']);
  });

  test('quoted names, nested includes, subcircuits from included files', () => {
    const ast = parse('t\n.inc "deep.inc"\nX1 a b amp\n.param rx=1', { readFile: reader(files) });
    expect(ast.elements.map((e) => e.name)).toEqual(['rdeep', 'r9', 'x1.r1']);
    expect(ast.files).toEqual(['test.cir', 'deep.inc', 'sub/amp.inc', 'models.lib']);
  });

  test('the reader is asked relative to the including file', () => {
    const asked: [string, string][] = [];
    parse('t\n.include a.inc', {
      readFile: (path, from) => {
        asked.push([path, from]);
        return path === 'a.inc' ? { file: 'dir/a.inc', text: '.include b.inc' } : { file: 'dir/b.inc', text: 'R1 a 0 1' };
      },
    });
    expect(asked).toEqual([
      ['a.inc', 'test.cir'],
      ['b.inc', 'dir/a.inc'],
    ]);
  });

  test('errors: cycle, missing file, no reader', () => {
    const cyclic = reader({ 'a.inc': 'R1 a 0 1\n.include b.inc', 'b.inc': '\n  .include a.inc' });
    expect(errorOf('t\n.include a.inc', { readFile: cyclic })).toBe(
      'b.inc:2:12: include cycle: test.cir -> a.inc -> b.inc -> a.inc; remove one of the .include lines',
    );
    expect(errorOf('t\n.include test.cir', { readFile: reader({ 'test.cir': '' }) })).toMatch(/^test\.cir:2:10: include cycle/);
    expect(errorOf('t\n.include "nope.lib"', { readFile: reader({}) })).toBe(
      "test.cir:2:10: cannot read include file 'nope.lib': no such file: nope.lib",
    );
    expect(errorOf('t\n.inc x.lib')).toBe("test.cir:2:6: cannot read 'x.lib': .inc needs a file reader (ParseOptions.readFile)");
  });

  test('errors inside an included file point into it', () => {
    expect(errorOf('t\n.include m.lib', { readFile: reader({ 'm.lib': 'R1 a 0 1\nR2 a 0 abc' }) })).toBe(
      "m.lib:2:8: bad value 'abc' for R2: expected a number such as 1k or 2.2e-3",
    );
  });
});

describe('subcircuits', () => {
  const divider = [
    '.subckt div in out params: ratio=0.5 rtot={10k}',
    'R1 in out {rtot*(1-ratio)}',
    'R2 out mid {rtot*ratio}',
    'Rg mid GND 1',
    '.ends div',
  ].join('\n');

  test('flattened: prefixed names and internal nodes, ports mapped, ground global, defaults and overrides', () => {
    const ast = parse(`t\nX1 a b div\nXb2 b 0 div ratio=0.25\n.param big=100k\nX3 c d div params: rtot={big}\n${divider}`);
    expect(ast.elements.map((e) => [e.name, e.nodes, e.value])).toEqual([
      ['x1.r1', ['a', 'b'], 5000],
      ['x1.r2', ['b', 'x1.mid'], 5000],
      ['x1.rg', ['x1.mid', '0'], 1],
      ['xb2.r1', ['b', '0'], 7500],
      ['xb2.r2', ['0', 'xb2.mid'], 2500],
      ['xb2.rg', ['xb2.mid', '0'], 1],
      ['x3.r1', ['c', 'd'], 50000],
      ['x3.r2', ['d', 'x3.mid'], 50000],
      ['x3.rg', ['x3.mid', '0'], 1],
    ]);
    // Locations of flattened elements point into the definition.
    expect(ast.elements[4].loc).toEqual({ file: 'test.cir', line: 8, column: 1 });
  });

  test('nested instances, local models and controls, .param in the body', () => {
    const text = [
      't',
      '.model dglobal d is=1f',
      '.subckt cell p n',
      '.param half={w/2}',
      '.model dloc d is=2f',
      'D1 p m dloc',
      'D2 m n dglobal',
      'Vs m k 0',
      'F1 k n Vs {half}',
      '.ends',
      '.subckt pair a b params: w=4',
      'Xc1 a mid cell',
      'Xc2 mid b cell',
      '.ends',
      'Xp in 0 pair w=8',
    ].join('\n');
    const ast = parse(text);
    expect(ast.elements.map((e) => e.name)).toEqual([
      'xp.xc1.d1',
      'xp.xc1.d2',
      'xp.xc1.vs',
      'xp.xc1.f1',
      'xp.xc2.d1',
      'xp.xc2.d2',
      'xp.xc2.vs',
      'xp.xc2.f1',
    ]);
    expect(ast.elements[0]).toMatchObject({ nodes: ['in', 'xp.xc1.m'], model: 'xp.xc1.dloc' });
    expect(ast.elements[1]).toMatchObject({ nodes: ['xp.xc1.m', 'xp.mid'], model: 'dglobal' });
    expect(ast.elements[7]).toMatchObject({ nodes: ['xp.xc2.k', '0'], control: 'xp.xc2.vs', value: 4 });
    expect([...ast.models.keys()].sort()).toEqual(['dglobal', 'xp.xc1.dloc', 'xp.xc2.dloc']);
    expect(ast.models.get('xp.xc2.dloc')?.params).toEqual({ is: 2e-15 });
    expect(ast.params).toEqual({});
  });

  test('errors: arity, unknown subcircuit and parameter, recursion, misplaced commands', () => {
    expect(errorOf(`t\nX1 a div\n${divider}`)).toBe('test.cir:2:1: X1 connects 1 nodes but subcircuit div has 2 ports (in out)');
    expect(errorOf(`t\nX1 a b dvi\n${divider}`)).toBe("test.cir:2:8: unknown subcircuit 'dvi' in X1 (defined: div)");
    expect(errorOf('t\nX1 a b foo')).toBe("test.cir:2:8: unknown subcircuit 'foo' in X1 (no .subckt is defined)");
    expect(errorOf(`t\nX1 a b div Ratio=1\n${divider}`.replace('ratio=0.5 ', ''))).toBe(
      "test.cir:2:12: X1 sets 'Ratio' but subcircuit div has no such parameter (declared: rtot)",
    );
    expect(errorOf('t\nX1 a loop\n.subckt loop p\nX2 p loop\n.ends')).toBe("test.cir:4:6: subcircuit 'loop' contains itself: loop -> loop");
    expect(errorOf('t\nX1 a s\n.subckt s p\n.tran 1 2\n.ends')).toBe('test.cir:4:1: .tran is not allowed inside .subckt s: move it to the top level');
    expect(errorOf('t\nX1\n')).toBe('test.cir:2:1: X1 needs nodes and a subcircuit name (X1 n1 n2 ... subckt [name=value ...])');
    // An error in a body is reported where the body says it.
    expect(errorOf('t\nX1 a s\n.subckt s p\nR1 p 0 {nope}\n.ends')).toBe(
      "test.cir:4:9: unknown parameter 'nope': define it with .param nope=value",
    );
  });

  test('errors: missing .ends, stray .ends, mismatched name, duplicate definitions', () => {
    expect(errorOf('t\nR1 a 0 1\n  .subckt open a b\nR2 a b 1')).toBe('test.cir:3:3: missing .ends for .subckt open: close the definition with .ends');
    expect(errorOf('t\n.ends')).toBe('test.cir:2:1: .ends without a .subckt: remove it or add the .subckt it closes');
    expect(errorOf('t\n.subckt a p\n.ends b')).toBe('test.cir:3:7: .ends b closes .subckt a: write .ends a');
    expect(errorOf('t\n.subckt a p\n.ends\n.subckt A q\n.ends')).toBe("test.cir:4:9: duplicate subcircuit 'A': already defined at test.cir:2:9");
  });
});

describe('ngspice .control blocks', () => {
  test('are skipped with a warning saying where, and the netlist around them is read', () => {
    const warnings: string[] = [];
    const ast = parse('t\nR1 a 0 1k\n.control\nrun\nplot v(a)\nlet x = 2\n.endc\nV1 a 0 1\n.op\n', { onWarning: (m, loc) => warnings.push(`${loc.line}: ${m}`) });
    expect(ast.elements.map((e) => e.name)).toEqual(['r1', 'v1']);
    expect(ast.analyses.map((a) => a.type)).toEqual(['op']);
    expect(warnings).toEqual([expect.stringMatching(/^3: \.control block skipped: memflow runs the netlist's own analyses/)]);
  });

  test('must be closed, and closed only once opened', () => {
    expect(errorOf('t\nR1 a 0 1\n.control\nrun\n')).toBe('test.cir:3:1: .control without .endc: close the block with .endc');
    expect(errorOf('t\nR1 a 0 1\n.endc\n')).toBe('test.cir:3:1: .endc without a .control: remove it');
  });
});

describe('.global and ignored output cards', () => {
  const deck = (global: string) => `t\n${global}\nV1 vdd 0 1\nX1 a load\n.subckt load p\nR1 p vdd 1k\nR2 p 0 1k\n.ends\n.op\n`;

  test('.global nets are the same net inside every instance', () => {
    const nodes = (text: string) => parse(text).elements.find((e) => e.name === 'x1.r1')!.nodes;
    expect(nodes(deck('.global vdd'))).toEqual(['a', 'vdd']);
    expect(nodes(deck('* no global'))).toEqual(['a', 'x1.vdd']);
    expect(errorOf('t\n.subckt s p\n.global vdd\n.ends\n')).toBe('test.cir:3:1: .global is not allowed inside .subckt s: move it to the top level');
    expect(errorOf('t\n.global\n')).toBe('test.cir:2:1: .global needs net names: .global vdd vss');
  });

  test('.save, .probe and .width are read and ignored, with a warning', () => {
    const warnings: string[] = [];
    const ast = parse('t\nR1 a 0 1k\n.save v(a) @r1[i]\n.width out=132\nV1 a 0 1\n.op\n', { onWarning: (m, loc) => warnings.push(`${loc.line}: ${m}`) });
    expect(ast.elements).toHaveLength(2);
    expect(warnings).toEqual(['3: .save ignored: memflow records what .print/.meas and the command line ask for', '4: .width ignored: memflow formats its own output']);
  });
});

describe('.lib FILE SECTION', () => {
  const files = {
    'models.lib': '* a library\n.lib fast\n.model dm d is=1e-14\n.lib models.lib slow_ref\n.endl\n.lib slow\n.model dm d is=1e-16\n.endl\n.lib slow_ref\n.param scale=2\n.endl\n',
  };

  test('reads only the section asked for, which may refer to another', () => {
    const ast = parse('t\n.lib models.lib fast\nD1 a 0 dm\nV1 a 0 1\n.op\n', { readFile: reader(files) });
    expect(ast.models.get('dm')?.params.is).toBe(1e-14);
    expect(ast.params.scale).toBe(2);
    expect(ast.files).toEqual(['test.cir', 'models.lib']);
    expect(parse('t\n.lib models.lib slow\nD1 a 0 dm\nV1 a 0 1\n.op\n', { readFile: reader(files) }).models.get('dm')?.params.is).toBe(1e-16);
  });

  test('says which sections exist, and where a library card is misused', () => {
    expect(errorOf('t\n.lib models.lib typical\n', { readFile: reader(files) })).toBe("test.cir:2:17: library file 'models.lib' has no section 'typical' (sections: fast, slow, slow_ref)");
    expect(errorOf('t\n.lib fast\n', { readFile: reader(files) })).toBe('test.cir:2:1: .lib outside a library file: use .lib FILE SECTION to read a section of one');
    expect(errorOf('t\n.lib nowhere.lib fast\n', { readFile: reader(files) })).toBe("test.cir:2:6: cannot read library file 'nowhere.lib': no such file: nowhere.lib");
  });
});

describe('.subckt definitions inside others', () => {
  const deck = `t
X1 in 0 outer
V1 in 0 1
.subckt outer a b
X2 a m inner
X3 m b inner
.subckt inner p q
R1 p q 1k
.ends inner
.ends outer
.op
`;

  test('are local to the definition they are written in, and flattened like any other', () => {
    const ast = parse(deck);
    expect(ast.elements.map((e) => `${e.name} ${e.nodes.join(' ')}`)).toEqual(['x1.x2.r1 in x1.m', 'x1.x3.r1 x1.m 0', 'v1 in 0']);
    // Not visible at the top level.
    expect(errorOf(deck.replace('V1 in 0 1', 'V1 in 0 1\nX9 in 0 inner'))).toBe("test.cir:4:9: unknown subcircuit 'inner' in X9 (defined: outer)");
    // A local definition shadows a top-level one of the same name, inside its parent only.
    const shadowed = parse(`${deck}X4 in 0 inner\n.subckt inner p q\nR9 p q 5k\n.ends\n`);
    expect(shadowed.elements.filter((e) => e.name.endsWith('r1') || e.name.endsWith('r9')).map((e) => e.name)).toEqual(['x1.x2.r1', 'x1.x3.r1', 'x4.r9']);
    expect(errorOf('t\n.subckt a p\n.subckt b q\n.ends\n.subckt b r\n.ends\n.ends')).toBe("test.cir:5:9: duplicate subcircuit 'b': already defined at test.cir:3:9");
  });
});
