// Just enough SPICE reading for the bench: logical lines, .print variables, analysis extent.
import { readFileSync } from 'node:fs';

const UNIT = { t: 1e12, g: 1e9, meg: 1e6, k: 1e3, mil: 25.4e-6, m: 1e-3, u: 1e-6, n: 1e-9, p: 1e-12, f: 1e-15 };

/** SPICE number with scale suffix (1m, 10u, 2meg, 1.5k, 5ms ...). */
export function spiceNumber(s) {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(meg|mil|[tgkmunpf])?/i.exec(String(s).trim());
  if (!m) return NaN;
  return Number(m[1]) * (m[2] ? UNIT[m[2].toLowerCase()] : 1);
}

/** Logical lines (continuations joined), skipping the title line, comments and blanks. */
export function logicalLines(text) {
  const physical = text.split(/\r?\n/).slice(1);
  const out = [];
  for (const raw of physical) {
    const line = raw.replace(/\s[;$].*$/, '').trimEnd();
    if (line.trim() === '' || line.trimStart().startsWith('*')) continue;
    if (line.trimStart().startsWith('+') && out.length) out[out.length - 1] += ' ' + line.trimStart().slice(1);
    else out.push(line.trim());
  }
  return out;
}

/**
 * @returns {{title: string, analysis: 'tran'|'dc'|'op'|undefined, start: number, stop: number,
 *            printVars: string[], options: string[]}}
 */
export function describeNetlist(path) {
  const text = readFileSync(path, 'utf8');
  const title = text.split(/\r?\n/, 1)[0].replace(/^\*\s*/, '');
  const info = { title, analysis: undefined, start: NaN, stop: NaN, printVars: [], elements: 0 };
  for (const line of logicalLines(text)) {
    const tok = line.split(/[\s,=()]+/).filter(Boolean);
    const card = tok[0].toLowerCase();
    if (card === '.tran') {
      info.analysis = 'tran';
      info.start = 0;
      info.stop = spiceNumber(tok[2]);
    } else if (card === '.dc') {
      info.analysis = 'dc';
      info.start = spiceNumber(tok[2]);
      info.stop = spiceNumber(tok[3]);
    } else if (card === '.op' && !info.analysis) {
      info.analysis = 'op';
    } else if (card === '.print') {
      // Keep v(a), v(a,b), i(v1) intact: split on whitespace outside parentheses.
      const rest = line.replace(/^\.print\s+(tran|dc|op|ac)?\s*/i, '');
      info.printVars.push(...splitVars(rest).map((v) => v.toLowerCase()));
    } else if (!card.startsWith('.')) {
      info.elements++;
    }
  }
  return info;
}

function splitVars(s) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (/\s/.test(ch) && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else if (!(/\s/.test(ch))) cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}
