/**
 * The CLI's error contract, through `main()` with captured io: a bad input exits with code 2 and prints
 * exactly one line on stderr, `FILE:LINE:COL: error: …` when the problem has a place in the input, and
 * never a stack trace; a solve that cannot converge exits with 3 and names a time and an element.
 * Also the CSV contract of `memflow run FILE --csv OUT` on every reference netlist.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const REFERENCE = join(__dirname, '../../../fixtures/reference');
const dir = mkdtempSync(join(tmpdir(), 'memflow-cli-errors-'));


function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** 1-based line and column of the first `needle` on line `line` of `text`. */
function at(text: string, line: number, needle: string): { line: number; column: number } {
  const col = text.split('\n')[line - 1].indexOf(needle);
  if (col < 0) throw new Error(`test setup: '${needle}' not on line ${line}`);
  return { line, column: col + 1 };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One line, no stack trace; returns the message after `error: `. */
function expectOneLine(err: string): string {
  expect(err.endsWith('\n'), JSON.stringify(err)).toBe(true);
  expect(err.trimEnd().split('\n'), JSON.stringify(err)).toHaveLength(1);
  expect(err).not.toContain('    at ');
  expect(err).not.toMatch(/internal error/i);
  const m = /error: (.*)$/.exec(err.trimEnd());
  expect(m, err).not.toBeNull();
  return m![1];
}

interface BadInput {
  name: string;
  file: string;
  text: string;
  /** Where the error must point; undefined when the problem has no single place in the input. */
  where?: (text: string) => { line: number; column: number };
  /** Lines the location may be on instead of an exact position. */
  lines?: number[];
  message: RegExp;
}

const BAD: BadInput[] = [
  {
    name: 'unknown model name on a D line',
    file: 'unknown_model.cir',
    text: '* t\nV1 a 0 1\nR1 a b 1k\nD1 b 0 NOPE\n.op\n.end\n',
    where: (t) => at(t, 4, 'NOPE'),
    message: /NOPE/,
  },
  {
    name: 'bad value',
    file: 'bad_value.cir',
    text: '* t\nV1 a 0 1\nR1 a 0 abc\n.op\n.end\n',
    where: (t) => at(t, 3, 'abc'),
    message: /abc/,
  },
  {
    name: 'missing node',
    file: 'missing_node.cir',
    text: '* t\nV1 a 0 1\nR1 a\n.op\n.end\n',
    where: (t) => at(t, 3, 'R1'),
    message: /R1.*node/i,
  },
  {
    name: 'duplicate element name',
    file: 'duplicate.cir',
    text: '* t\nV1 a 0 1\nR1 a 0 1k\nR1 a 0 2k\n.op\n.end\n',
    where: (t) => at(t, 4, 'R1'),
    message: /duplicate.*r1/i,
  },
  {
    name: 'floating node (only a capacitor to it)',
    file: 'floating_cap.cir',
    text: '* t\nV1 a 0 1\nR1 a 0 1k\nC1 a b 1u\n.op\n.end\n',
    lines: [4],
    message: /node 'b'.*no DC path/,
  },
  {
    name: 'node connected only to a current source',
    file: 'isource_only.cir',
    text: '* t\nV1 a 0 1\nR1 a 0 1k\nI1 0 b 1m\n.op\n.end\n',
    lines: [4],
    message: /node 'b'.*no DC path/,
  },
  {
    name: 'voltage-source loop (two sources in parallel)',
    file: 'vloop.cir',
    text: '* t\nV1 a 0 1\nV2 a 0 2\nR1 a 0 1k\n.op\n.end\n',
    message: /singular matrix.*element '(v1|v2)'/i,
  },
  {
    name: 'unknown .option',
    file: 'bad_option.cir',
    text: '* t\nV1 a 0 1\nR1 a 0 1k\n.options foo=1\n.op\n.end\n',
    message: /unknown option 'foo'/,
  },
  {
    name: 'unknown device parameter in .model',
    file: 'bad_param.cir',
    text: '* t\nV1 a 0 1\nR1 a b 1k\nD1 b 0 DMOD\n.model DMOD D(IS=1e-14 FOO=3)\n.op\n.end\n',
    lines: [4, 5],
    message: /foo/i,
  },
  {
    name: 'JSON network with a schema error',
    file: 'bad.json',
    text: '{\n  "format": "memflow.network/v1",\n  "elements": [\n    { "id": "r1", "device": "resistor", "nodes": ["a", "0"], "params": { "r": "big" } }\n  ],\n  "analyses": [{ "type": "op" }]\n}\n',
    where: (t) => at(t, 4, '"big"'),
    message: /params\.r/,
  },
];

describe('bad input: exit 2 and one line on stderr', () => {
  for (const bad of BAD) {
    it(bad.name, async () => {
      const path = write(bad.file, bad.text);
      const { code, err } = await cli('run', path, '--quiet');
      const message = expectOneLine(err);
      expect(code, err).toBe(2);
      expect(message).toMatch(bad.message);
      if (bad.where) {
        const { line, column } = bad.where(bad.text);
        expect(err).toMatch(new RegExp(`^${escape(path)}:${line}:${column}: error: `));
      } else if (bad.lines) {
        const m = new RegExp(`^${escape(path)}:(\\d+):(\\d+): error: `).exec(err);
        expect(m, err).not.toBeNull();
        expect(bad.lines).toContain(Number(m![1]));
      } else {
        // No single place in the input: the file may be named, but the line must still be the error.
        expect(err).toMatch(new RegExp(`^(${escape(path)}(:\\d+:\\d+)?: )?error: `));
      }
    });
  }

  it('a missing file', async () => {
    const path = join(dir, 'does-not-exist.cir');
    const { code, err } = await cli('run', path);
    const message = expectOneLine(err);
    expect(code).toBe(2);
    expect(message).toContain('does-not-exist.cir');
    expect(message).toMatch(/no such file/);
  });
});

describe('no convergence: exit 3', () => {
  it('the bridge with tolerances below double precision and one Newton iteration per stage names a time and an element', async () => {
    // Updates can never fall below 0.5e-15·|v|, so every step fails until the step is too small.
    const text = readFileSync(join(REFERENCE, 'bridge_tran.cir'), 'utf8').replace('.tran', '.options itl4=1 reltol=1e-15 vntol=1e-30 abstol=1e-30\n.tran');
    const { code, err } = await cli('run', write('bridge_itl4.cir', text), '--quiet');
    const message = expectOneLine(err);
    expect(code, err).toBe(3);
    expect(message).toMatch(/t = [\d.e+-]+ s/);
    expect(message).toMatch(/element '[a-z0-9]+'/i);
  });

  it('the bridge with one Newton iteration for the operating point (.options itl1=1) fails its .op', async () => {
    const text = readFileSync(join(REFERENCE, 'bridge_tran.cir'), 'utf8').replace('.tran', '.options itl1=1\n.tran');
    const { code, err } = await cli('run', write('bridge_itl1.cir', text), '--quiet');
    const message = expectOneLine(err);
    expect(code, err).toBe(3);
    expect(message).toMatch(/operating point/);
    expect(message).toMatch(/element '[a-z0-9]+'/i);
  });
});

describe('CSV contract of memflow run --csv', () => {
  /** The .print variables as written, lowercased, read with a regex rather than memflow's parser. */
  function expectedHeader(text: string): string {
    const analysis = /^\.(tran|dc)\b/im.exec(text)![1].toLowerCase();
    const vars = [...text.matchAll(/^\.print\s+\w+\s+(.*)$/gim)].flatMap((m) => m[1].trim().split(/\s+/));
    return [analysis === 'tran' ? 'time' : 'sweep', ...vars.map((v) => v.toLowerCase())].join(',');
  }

  const cases = readdirSync(REFERENCE).filter((f) => f.endsWith('.cir'));
  it('covers the five reference netlists', () => expect(cases).toHaveLength(5));

  for (const file of cases) {
    it(`${file}: header is the first column then the .print variables, lowercase`, async () => {
      const text = readFileSync(join(REFERENCE, file), 'utf8');
      const csv = join(dir, file.replace(/\.cir$/, '.csv'));
      const { code, err } = await cli('run', join(REFERENCE, file), '--csv', csv, '--quiet');
      expect(code, err).toBe(0);
      expect(err).toBe('');
      const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe(expectedHeader(text));
      const width = lines[0].split(',').length;
      expect(lines.length).toBeGreaterThan(10);
      for (const line of lines.slice(1)) {
        const cells = line.split(',');
        expect(cells).toHaveLength(width);
        for (const c of cells) expect(Number.isFinite(Number(c)), c).toBe(true);
      }
      // The first column is the time (or swept value) and ascends.
      const first = lines.slice(1).map((l) => Number(l.split(',')[0]));
      for (let k = 1; k < first.length; k++) expect(first[k]).toBeGreaterThan(first[k - 1]);
    });
  }

  it('variables written in upper case come out lowercase, in the order written', async () => {
    const path = write('upper.cir', '* t\nV1 IN 0 PULSE(0 1 0 1n 1n 1m 2m)\nR1 IN Out 1k\nC1 Out 0 1u\n.tran 10u 1m\n.PRINT TRAN V(Out) I(V1) V(IN,Out)\n.end\n');
    const csv = join(dir, 'upper.csv');
    const { code, err } = await cli('run', path, '--csv', csv, '--quiet');
    expect(code, err).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe('time,v(out),i(v1),v(in,out)');
  });
});
