import { describe, expect, test } from 'vitest';
import { parse } from './helpers.js';

describe('lexing', () => {
  test('the first line is the title even when it looks like a card or a comment', () => {
    expect(parse('R1 a 0 1k\nR2 a 0 2k\n').elements.map((e) => e.name)).toEqual(['r2']);
    expect(parse('R1 a 0 1k\n').title).toBe('R1 a 0 1k');
    expect(parse('*** my circuit  \nR1 a 0 1k').title).toBe('my circuit');
    expect(parse('').title).toBe('');
    expect(parse('\uFEFFbom title\nR1 a 0 1').title).toBe('bom title');
  });

  test('case-insensitive: names, nodes, models, keywords are lowercase', () => {
    const ast = parse('t\nR1 IN Out 1K\nD1 Out GND DMOD\n.MODEL DMOD D(IS=1E-14)\n.TRAN 1U 1M UIC\n.END');
    expect(ast.elements[0]).toMatchObject({ name: 'r1', nodes: ['in', 'out'], value: 1000 });
    expect(ast.elements[1]).toMatchObject({ nodes: ['out', '0'], model: 'dmod' });
    expect(ast.models.get('dmod')?.params).toEqual({ is: 1e-14 });
    expect(ast.analyses[0]).toMatchObject({ type: 'tran', uic: true });
  });

  test('comments: full-line *, inline ; and $, blank lines, tabs, CRLF', () => {
    const text = [
      'title',
      '* a comment with R9 a b 1',
      '',
      '\tR1\ta\tb\t1k ; inline comment R2',
      'R2 a b 2k $ dollar comment',
      '   * indented comment',
      'R3 a$b c 3k',
      '.end',
    ].join('\r\n');
    const ast = parse(text);
    expect(ast.elements.map((e) => [e.name, e.value])).toEqual([
      ['r1', 1000],
      ['r2', 2000],
      ['r3', 3000],
    ]);
    expect(ast.elements[2].nodes).toEqual(['a$b', 'c']);
    expect(ast.elements[0].loc).toEqual({ file: 'test.cir', line: 4, column: 2 });
  });

  test('continuation lines keep real locations, across comments and blank lines', () => {
    const text = ['t', 'V1 in 0', '+ PULSE(0 1', '* between', '', '  +   0 1n 1n', "+ 5m 10m)", 'R1 in 0 {', '+ 2*k}'].join('\n');
    const ast = parse(`${text}\n.param k=1k`);
    expect(ast.elements[0].source?.wave).toMatchObject({ type: 'pulse', v1: 0, v2: 1, td: 0, pw: 5e-3, per: 10e-3 });
    expect(ast.elements[1].value).toBe(2000);
    // The bad token sits on a continuation line: its location is its real one.
    const bad = ['t', 'V1 in 0', '+ PULSE(0 1', '  +   0 x 1n)'].join('\n');
    expect(() => parse(bad)).toThrowError(expect.objectContaining({ loc: { file: 'test.cir', line: 4, column: 9 } }));
  });

  test('a line of separators alone is no card', () => {
    expect(parse('t\n , ,\nR1 a 0 1').elements).toHaveLength(1);
  });

  test('.end stops reading: nothing after it is even lexed', () => {
    const ast = parse('t\nR1 a 0 1\n.end\nR2 a 0 {unclosed\n.bogus');
    expect(ast.elements).toHaveLength(1);
  });

  test('commas separate values; parentheses are optional around waveform arguments', () => {
    const ast = parse('t\nV1 a 0 SIN 0, 1, 1k\nV2 b 0 pwl(0,0, 1m,1, 2m,0)\nV3 c 0 sin (0 2 50)');
    expect(ast.elements[0].source?.wave).toMatchObject({ type: 'sin', vo: 0, va: 1, freq: 1000 });
    expect(ast.elements[1].source?.wave).toEqual({ type: 'pwl', t: [0, 1e-3, 2e-3], v: [0, 1, 0] });
    expect(ast.elements[2].source?.wave).toMatchObject({ va: 2, freq: 50 });
  });
});
