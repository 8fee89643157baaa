/** `parseNetlist`: reads the program's cards in scope order and gathers the AST. */
import type { AnalysisCard, ElementCard, ModelDef, NetlistAst, PrintCard } from './ast.js';
import { parseAc, parseDc, parseInitialVoltages, parseModel, parseOp, parseOptions, parseParam, parsePrint, parseTran, SUPPORTED_COMMANDS, type InitialVoltage } from './commands.js';
import { Scope, topContext, type Context } from './context.js';
import { fail, formatLocation } from './errors.js';
import { parseElement } from './elements.js';
import type { Card, Token } from './lexer.js';
import { readProgram, type ParseOptions, type Program } from './structure.js';
import { expandInstance } from './subcircuits.js';
import { parseMeasure } from './measure-card.js';
import type { MeasureSpec } from '../network/measure.js';

export function parseNetlist(text: string, options: ParseOptions): NetlistAst {
  const program = readProgram(text, options);
  const scope = new Scope();
  const builder = new Builder(program);
  builder.read(program.cards, topContext(scope, program.globals, program.subckts), []);
  builder.checkReferences();
  return {
    title: program.title,
    elements: builder.elements,
    models: builder.models,
    params: scope.own(),
    options: builder.options,
    analyses: builder.analyses,
    prints: builder.prints,
    ic: builder.initial('ic'),
    nodeset: builder.initial('nodeset'),
    measures: builder.measures,
    files: program.files,
  };
}

const TOP_LEVEL_ONLY = new Set(['.options', '.option', '.opt', '.op', '.dc', '.tran', '.print', '.plot', '.ac', '.ic', '.nodeset', '.meas', '.measure']);

class Builder {
  readonly elements: ElementCard[] = [];
  readonly models = new Map<string, ModelDef>();
  readonly options: Record<string, number> = {};
  readonly analyses: AnalysisCard[] = [];
  readonly prints: PrintCard[] = [];
  readonly measures: MeasureSpec[] = [];
  private readonly voltages: Record<'ic' | 'nodeset', InitialVoltage[]> = { ic: [], nodeset: [] };
  private readonly names = new Map<string, ElementCard>();
  // Checked once everything is read: SPICE lets a card name a model or source defined further down.
  private readonly modelRefs: { element: ElementCard; token: Token }[] = [];
  private readonly sweptSources: Token[] = [];

  constructor(private readonly program: Program) {}

  /** Reads a list of cards: the top level, or a subcircuit body for one instance. */
  read(cards: readonly Card[], ctx: Context, active: readonly string[]): void {
    // Parameters first, in order, so that every other card sees all of them wherever they are written.
    for (const card of cards) if (card.tokens[0].text === '.param') parseParam(card, ctx.scope);
    for (const card of cards) {
      const first = card.tokens[0];
      const cmd = first.kind === 'word' && first.text.startsWith('.') ? first.text : undefined;
      if (cmd === undefined) this.readElement(card, ctx, active);
      else if (ctx.subckt !== undefined && TOP_LEVEL_ONLY.has(cmd)) {
        fail(`${first.raw} is not allowed inside .subckt ${ctx.subckt}: move it to the top level`, first.loc);
      } else this.readCommand(cmd, card, ctx);
    }
  }

  private readElement(card: Card, ctx: Context, active: readonly string[]): void {
    const first = card.tokens[0];
    if (first.kind === 'word' && first.text.startsWith('x')) {
      expandInstance(card, ctx, (body, inner, stack) => this.read(body, inner, stack), active);
      return;
    }
    const { element, modelToken } = parseElement(card, ctx);
    const previous = this.names.get(element.name);
    if (previous) {
      fail(`duplicate element name '${element.name}': already defined at ${formatLocation(previous.loc)}; rename one of them`, element.loc);
    }
    this.names.set(element.name, element);
    this.elements.push(element);
    if (modelToken) this.modelRefs.push({ element, token: modelToken });
  }

  private readCommand(cmd: string, card: Card, ctx: Context): void {
    switch (cmd) {
      case '.param':
        return;
      case '.model': {
        const model = parseModel(card, ctx);
        const previous = this.models.get(model.name);
        if (previous) fail(`duplicate model '${model.name}': already defined at ${formatLocation(previous.loc)}`, model.loc);
        this.models.set(model.name, model);
        return;
      }
      case '.options':
      case '.option':
      case '.opt':
        return parseOptions(card, ctx.scope, this.options);
      case '.op':
        this.analyses.push(parseOp(card));
        return;
      case '.dc': {
        const { analysis, sourceToken } = parseDc(card, ctx.scope);
        this.analyses.push(analysis);
        this.sweptSources.push(sourceToken);
        return;
      }
      case '.tran':
        this.analyses.push(parseTran(card, ctx.scope));
        return;
      case '.ac':
        this.analyses.push(parseAc(card, ctx.scope));
        return;
      case '.print':
      case '.plot':
        this.prints.push(parsePrint(card));
        return;
      case '.meas':
      case '.measure':
        this.measures.push(parseMeasure(card, ctx));
        return;
      case '.ic':
      case '.nodeset':
        this.voltages[cmd === '.ic' ? 'ic' : 'nodeset'].push(...parseInitialVoltages(card, ctx));
        return;
      default:
        fail(`unknown dot-command '${card.tokens[0].raw}': supported are ${SUPPORTED_COMMANDS}`, card.loc);
    }
  }

  /** The `.ic` or `.nodeset` voltages by net; a net given twice keeps its last value, as in ngspice. */
  initial(kind: 'ic' | 'nodeset'): Record<string, number> {
    return Object.fromEntries(this.voltages[kind].map((v) => [v.net, v.value]));
  }

  checkReferences(): void {
    const nets = new Set(this.elements.flatMap((el) => el.nodes));
    for (const v of [...this.voltages.ic, ...this.voltages.nodeset]) {
      if (!nets.has(v.net)) fail(`v(${v.net}) names a net that no element connects to`, v.loc);
    }
    for (const { element, token } of this.modelRefs) {
      if (element.model !== undefined && !this.models.has(element.model)) {
        fail(`${element.name} uses model '${token.raw}' but no .model ${token.raw} is defined`, token.loc);
      }
    }
    for (const token of this.sweptSources) {
      const source = this.names.get(token.text);
      if (source?.type !== 'v' && source?.type !== 'i') {
        fail(`.dc sweeps '${token.raw}', which is not an independent source (V or I) of this netlist`, token.loc);
      }
    }
  }
}
