/**
 * The netlist's shape before any value is read: `.include`s spliced in, everything after `.end`
 * dropped, and `.subckt` bodies set apart from the top-level cards.
 */
import type { SourceLocation } from '../network/types.js';
import { fail, formatLocation, NetlistError } from './errors.js';
import { lex, type Card, type Token } from './lexer.js';
import { readAssignments, type Assignment } from './values.js';
import { normalizeNode } from './context.js';

export interface ParseOptions {
  /** Name of the netlist, used in locations and to resolve `.include`s. */
  readonly file: string;
  /** Reads an included file named relative to `fromFile`; throws if it is missing. */
  readonly readFile?: (path: string, fromFile: string) => { file: string; text: string };
  /** Told about what is read but not used (an ngspice `.control` block), with where it is. */
  readonly onWarning?: (message: string, loc: SourceLocation) => void;
}

export interface SubcktDef {
  readonly name: string;
  readonly ports: readonly string[];
  /** `params:` defaults, evaluated per instance. */
  readonly params: readonly Assignment[];
  readonly body: readonly Card[];
  readonly loc: SourceLocation;
  /** Definitions written inside this one: visible only in its body (and theirs). */
  readonly subckts: ReadonlyMap<string, SubcktDef>;
}

export interface Program {
  readonly title: string;
  readonly cards: readonly Card[];
  /** `.global` nets. */
  readonly globals: ReadonlySet<string>;
  readonly subckts: ReadonlyMap<string, SubcktDef>;
  readonly files: readonly string[];
}

/** Output-control cards of other simulators that change nothing here, and why. */
const IGNORED = new Map([
  ['.save', 'memflow records what .print/.meas and the command line ask for'],
  ['.probe', 'memflow records what .print/.meas and the command line ask for'],
  ['.width', 'memflow formats its own output'],
]);

const command = (card: Card): string => (card.tokens[0].kind === 'word' ? card.tokens[0].text : '');

export function readProgram(text: string, options: ParseOptions): Program {
  const top = lex(text, options.file, true);
  const files = [options.file];
  const cards: Card[] = [];
  const subckts = new Map<string, SubcktDef>();
  // Definitions being read, outermost first: a .subckt inside another is local to it.
  const opened: { header: Card; name: Token; ports: string[]; params: Assignment[]; body: Card[]; subckts: Map<string, SubcktDef> }[] = [];

  const globals = new Set<string>();
  for (const card of expand(top.cards, options, [options.file], files)) {
    const cmd = command(card);
    const open = opened[opened.length - 1];
    if (cmd === '.global') {
      if (open) fail(`.global is not allowed inside .subckt ${open.name.raw}: move it to the top level`, card.loc);
      if (card.tokens.length === 1) fail('.global needs net names: .global vdd vss', card.loc);
      for (const t of card.tokens.slice(1)) {
        if (t.kind !== 'word') fail(`.global takes net names, found '${t.raw}'`, t.loc);
        globals.add(normalizeNode(t.text));
      }
    } else if (cmd === '.subckt') {
      opened.push({ header: card, ...subcktHeader(card), body: [], subckts: new Map() });
    } else if (cmd === '.ends') {
      if (!open) fail('.ends without a .subckt: remove it or add the .subckt it closes', card.loc);
      const closes = card.tokens[1];
      if (closes && closes.text !== open.name.text) {
        fail(`.ends ${closes.raw} closes .subckt ${open.name.raw}: write .ends ${open.name.raw}`, closes.loc);
      }
      opened.pop();
      const scope = opened.length > 0 ? opened[opened.length - 1].subckts : subckts;
      const previous = scope.get(open.name.text);
      if (previous) fail(`duplicate subcircuit '${open.name.raw}': already defined at ${formatLocation(previous.loc)}`, open.name.loc);
      scope.set(open.name.text, { name: open.name.text, ports: open.ports, params: open.params, body: open.body, loc: open.name.loc, subckts: open.subckts });
    } else {
      (open ? open.body : cards).push(card);
    }
  }
  const unclosed = opened[opened.length - 1];
  if (unclosed) fail(`missing .ends for .subckt ${unclosed.name.raw}: close the definition with .ends`, unclosed.header.loc);
  return { title: top.title ?? '', cards, globals, subckts, files };
}

/** Cards of one file with includes spliced in; `.end` ends the file it is in. */
function* expand(cards: Iterable<Card>, options: ParseOptions, stack: readonly string[], files: string[]): Generator<Card> {
  let control: Card | undefined;
  for (const card of cards) {
    const cmd = command(card);
    // ngspice's `.control` … `.endc`: an interactive script, not circuit description; skipped, said so.
    if (control) {
      if (cmd === '.endc') control = undefined;
      continue;
    }
    if (cmd === '.control') {
      control = card;
      options.onWarning?.('.control block skipped: memflow runs the netlist\'s own analyses (.op, .dc, .tran, .ac) and .print/.meas cards, not ngspice scripts', card.loc);
      continue;
    }
    if (cmd === '.endc') fail('.endc without a .control: remove it', card.loc);
    if (IGNORED.has(cmd)) {
      options.onWarning?.(`${card.tokens[0].raw} ignored: ${IGNORED.get(cmd)}`, card.loc);
      continue;
    }
    if (cmd === '.end') return;
    if (cmd === '.lib' && card.tokens.length === 3) {
      yield* librarySection(card, options, stack, files);
      continue;
    }
    if (cmd === '.lib' || cmd === '.endl') fail(`${card.tokens[0].raw} outside a library file: use .lib FILE SECTION to read a section of one`, card.loc);
    if (cmd !== '.include' && cmd !== '.inc') {
      yield card;
      continue;
    }
    const path = card.tokens[1];
    if (path === undefined) fail(`${card.tokens[0].raw} needs a file name: .include "models.lib"`, card.loc);
    if (options.readFile === undefined) fail(`cannot read '${path.text}': ${card.tokens[0].raw} needs a file reader (ParseOptions.readFile)`, path.loc);
    let included: { file: string; text: string };
    try {
      included = options.readFile(path.text, stack[stack.length - 1]);
    } catch (e) {
      throw new NetlistError(`cannot read include file '${path.text}': ${e instanceof Error ? e.message : String(e)}`, path.loc);
    }
    if (stack.includes(included.file)) {
      fail(`include cycle: ${[...stack, included.file].join(' -> ')}; remove one of the .include lines`, path.loc);
    }
    files.push(included.file);
    yield* expand(lex(included.text, included.file, false).cards, options, [...stack, included.file], files);
  }
  if (control) fail('.control without .endc: close the block with .endc', control.loc);
}

/**
 * `.lib FILE SECTION` (ngspice, HSPICE): the cards between `.lib SECTION` and `.endl` in FILE, read as
 * an include (they may hold `.lib` references of their own; the rest of the file is not read).
 */
function* librarySection(card: Card, options: ParseOptions, stack: readonly string[], files: string[]): Generator<Card> {
  const [, path, section] = card.tokens;
  if (options.readFile === undefined) fail(`cannot read '${path.text}': .lib needs a file reader (ParseOptions.readFile)`, path.loc);
  let lib: { file: string; text: string };
  try {
    lib = options.readFile(path.text, stack[stack.length - 1]);
  } catch (e) {
    throw new NetlistError(`cannot read library file '${path.text}': ${e instanceof Error ? e.message : String(e)}`, path.loc);
  }
  const key = `${lib.file}#${section.text}`;
  if (stack.includes(key)) fail(`library cycle: ${[...stack, key].join(' -> ')}; remove one of the .lib lines`, card.loc);
  const cards = [...lex(lib.text, lib.file, false).cards];
  const start = cards.findIndex((c) => command(c) === '.lib' && c.tokens.length === 2 && c.tokens[1].text === section.text);
  if (start < 0) {
    const sections = cards.filter((c) => command(c) === '.lib' && c.tokens.length === 2).map((c) => c.tokens[1].raw);
    fail(`library file '${path.text}' has no section '${section.raw}' (${sections.length ? `sections: ${sections.join(', ')}` : 'it has no .lib sections'})`, section.loc);
  }
  const end = cards.findIndex((c, k) => k > start && command(c) === '.endl');
  if (end < 0) fail(`section '${section.raw}' is not closed: add .endl`, cards[start].loc);
  if (!files.includes(lib.file)) files.push(lib.file);
  yield* expand(cards.slice(start + 1, end), options, [...stack, key], files);
}

/** `.subckt name port... [params:] [name=value ...]` */
function subcktHeader(card: Card): { name: Token; ports: string[]; params: Assignment[] } {
  const t = card.tokens;
  const name = t[1];
  if (name?.kind !== 'word') fail('.subckt needs a name and its ports: .subckt NAME port1 port2 ... [params: name=value ...]', (name ?? t[0]).loc);
  const ports: string[] = [];
  let i = 2;
  for (; i < t.length && t[i].kind === 'word' && t[i].text !== 'params:' && t[i + 1]?.kind !== '='; i++) {
    ports.push(normalizeNode(t[i].text));
  }
  if (t[i]?.text === 'params:') i++;
  return { name, ports, params: readAssignments(t, i, `.subckt ${name.raw}`) };
}
