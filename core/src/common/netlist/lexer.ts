/**
 * Turns netlist text into cards (one logical line each, `+` continuations joined) of tokens that
 * remember their real line and column, so every later error can point at the exact character.
 */
import type { SourceLocation } from '../network/types.js';
import { fail } from './errors.js';

export type TokenKind = 'word' | 'expr' | 'string' | '(' | ')' | '=';

export interface Token {
  readonly kind: TokenKind;
  /** Lowercase for words and expressions (SPICE is case-insensitive); as written for strings. */
  readonly text: string;
  /** As written, for messages. */
  readonly raw: string;
  readonly loc: SourceLocation;
  /** Location of character `offset` of `text`, for errors inside expressions. */
  readonly locAt: (offset: number) => SourceLocation;
}

export interface Card {
  readonly tokens: readonly Token[];
  readonly loc: SourceLocation;
}

export interface Lexed {
  /** Present when the first line was read as the title. */
  readonly title?: string;
  /** Lazy, so that nothing after `.end` is ever tokenised (or reported). */
  readonly cards: Iterable<Card>;
}

interface Segment {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

export function lex(text: string, file: string, firstLineIsTitle: boolean): Lexed {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const title = firstLineIsTitle ? lines[0].trim().replace(/^\*+\s*/, '') : undefined;
  return { title, cards: cards(lines, file, firstLineIsTitle ? 1 : 0) };
}

function* cards(lines: readonly string[], file: string, first: number): Generator<Card> {
  // The card being gathered: its first line, and its continuation lines if it has any.
  let head: Segment | undefined;
  let more: Segment[] | undefined;
  for (let i = first; i < lines.length; i++) {
    const body = stripComment(lines[i]);
    const indent = body.length - body.trimStart().length;
    const rest = body.slice(indent);
    if (rest === '' || rest.startsWith('*')) continue;
    const line = i + 1;
    if (rest.startsWith('+')) {
      if (head === undefined) {
        fail("continuation line '+' has nothing to continue: join it to a card or remove the '+'", {
          file,
          line,
          column: indent + 1,
        });
      }
      (more ??= []).push({ text: rest.slice(1), line, column: indent + 2 });
      continue;
    }
    if (head !== undefined) {
      const done = card(head, more, file);
      if (done) yield done;
    }
    head = { text: rest, line, column: indent + 1 };
    more = undefined;
  }
  if (head !== undefined) {
    const done = card(head, more, file);
    if (done) yield done;
  }
}

/** Cuts `;` and ` $` comments; quoted text (file names, expressions) is left alone. */
function stripComment(s: string): string {
  // Most lines have neither comment character, and only they can cut a line.
  if (s.indexOf(';') < 0 && s.indexOf('$') < 0) return s;
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ';' || (ch === '$' && (i === 0 || /\s/.test(s[i - 1])))) {
      return s.slice(0, i);
    }
  }
  return s;
}

/**
 * Where a card's text came from: one line, or a line and its continuations joined by one space, with
 * `starts` mapping offsets in the joined text back to lines. Its tokens keep a reference to it and an
 * offset, and work out their location only when asked (mostly for messages): a large netlist then
 * makes one small object per token instead of a location and two closures each.
 */
class CardText {
  constructor(
    readonly file: string,
    private readonly head: Segment,
    private readonly more?: readonly Segment[],
    private readonly starts?: readonly number[],
  ) {}

  locAt(offset: number): SourceLocation {
    if (this.more === undefined || this.starts === undefined) return { file: this.file, line: this.head.line, column: this.head.column + offset };
    let k = this.starts.length - 1;
    while (k > 0 && this.starts[k] > offset) k--;
    const seg = k === 0 ? this.head : this.more[k - 1];
    return { file: this.file, line: seg.line, column: seg.column + offset - this.starts[k] };
  }
}

class LexedToken implements Token {
  private located: SourceLocation | undefined;

  constructor(
    readonly kind: TokenKind,
    readonly text: string,
    readonly raw: string,
    private readonly where: CardText,
    private readonly start: number,
    private readonly bodyStart: number,
  ) {}

  get loc(): SourceLocation {
    return (this.located ??= this.where.locAt(this.start));
  }

  get locAt(): (offset: number) => SourceLocation {
    return (offset) => this.where.locAt(this.bodyStart + offset);
  }
}

/** The card made of `head` and its continuation lines, if they hold any token (a line of commas holds none). */
function card(head: Segment, more: readonly Segment[] | undefined, file: string): Card | undefined {
  let where: CardText;
  let joined = head.text;
  if (more === undefined) where = new CardText(file, head);
  else {
    const starts = [0];
    for (const seg of more) {
      if (joined !== '') joined += ' ';
      starts.push(joined.length);
      joined += seg.text;
    }
    where = new CardText(file, head, more, starts);
  }
  const tokens = tokenize(joined, where);
  return tokens.length > 0 ? { tokens, loc: tokens[0].loc } : undefined;
}

const INCLUDE = /^(\.include|\.inc)(?=\s|$)/i;

// Character classes of the tokenizer by char code for ASCII; other characters ask the regular
// expressions, whose \s also covers Unicode spaces. The loops below test char codes inline, without a
// call or a one-character string per character: the lexer runs cold, once, over the whole netlist.
const SEPARATOR = /[\s,]/;
const WORD_END = /[\s,()={}'"]/;
const SEPARATOR_ASCII = new Uint8Array(128);
const WORD_END_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  SEPARATOR_ASCII[c] = SEPARATOR.test(String.fromCharCode(c)) ? 1 : 0;
  WORD_END_ASCII[c] = WORD_END.test(String.fromCharCode(c)) ? 1 : 0;
}
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const EQUALS = 61;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;
const DOT = 46;

function push(tokens: Token[], text: string, where: CardText, kind: TokenKind, start: number, end: number, bodyStart = start, bodyEnd = end): void {
  const body = text.slice(bodyStart, bodyEnd);
  const raw = bodyStart === start && bodyEnd === end ? body : text.slice(start, end);
  tokens.push(new LexedToken(kind, kind === 'string' ? body : body.toLowerCase(), raw, where, start, bodyStart));
}

function tokenize(text: string, where: CardText): Token[] {
  const tokens: Token[] = [];
  const include = text.charCodeAt(0) === DOT ? INCLUDE.exec(text) : null;
  if (include) {
    // A file name may hold any character (parentheses, `=`), so it is taken whole.
    push(tokens, text, where, 'word', 0, include[0].length);
    const start = text.length - text.slice(include[0].length).trimStart().length;
    const end = text.trimEnd().length;
    if (start >= end) return tokens;
    const quoted = text[start] === '"' || text[start] === "'";
    if (quoted && (end - start < 2 || text[end - 1] !== text[start])) {
      fail(`unterminated file name: close it with ${text[start]}`, where.locAt(start));
    }
    push(tokens, text, where, 'string', start, end, quoted ? start + 1 : start, quoted ? end - 1 : end);
    return tokens;
  }

  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128 ? SEPARATOR_ASCII[c] === 1 : SEPARATOR.test(text[i])) {
      i++;
    } else if (c === OPEN_PAREN || c === CLOSE_PAREN || c === EQUALS) {
      push(tokens, text, where, c === OPEN_PAREN ? '(' : c === CLOSE_PAREN ? ')' : '=', i, i + 1);
      i++;
    } else if (c === OPEN_BRACE) {
      const end = closingBrace(text, i);
      if (end < 0) fail("unbalanced '{': close the expression with '}'", where.locAt(i));
      push(tokens, text, where, 'expr', i, end + 1, i + 1, end);
      i = end + 1;
    } else if (c === CLOSE_BRACE) {
      fail("unbalanced '}': remove it or open the expression with '{'", where.locAt(i));
    } else if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      const ch = text[i];
      const end = text.indexOf(ch, i + 1);
      if (end < 0) fail(`unterminated quote: close it with ${ch}`, where.locAt(i));
      push(tokens, text, where, c === SINGLE_QUOTE ? 'expr' : 'string', i, end + 1, i + 1, end);
      i = end + 1;
    } else {
      let end = i + 1;
      while (end < n) {
        const d = text.charCodeAt(end);
        if (d < 128 ? WORD_END_ASCII[d] === 1 : WORD_END.test(text[end])) break;
        end++;
      }
      push(tokens, text, where, 'word', i, end);
      i = end;
    }
  }
  checkParentheses(tokens);
  return tokens;
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function checkParentheses(tokens: readonly Token[]): void {
  const open: Token[] = [];
  for (const t of tokens) {
    if (t.kind === '(') open.push(t);
    else if (t.kind === ')' && open.pop() === undefined) {
      fail("unbalanced ')': remove it or add the matching '('", t.loc);
    }
  }
  const unclosed = open.pop();
  if (unclosed) fail("unbalanced '(': add the matching ')'", unclosed.loc);
}
