/**
 * Where a card is being read: the parameter scope its expressions see, and how its names map to
 * flat names (identity at top level; `x1.` prefixes inside subcircuit instance `x1`).
 */
import type { SubcktDef } from './structure.js';

export class Scope {
  private readonly values = new Map<string, number>();

  constructor(private readonly parent?: Scope) {}

  get(name: string): number | undefined {
    return this.values.get(name) ?? this.parent?.get(name);
  }

  set(name: string, value: number): void {
    this.values.set(name, value);
  }

  /** This scope's own parameters (not its parent's). */
  own(): Record<string, number> {
    return Object.fromEntries(this.values);
  }
}

export interface Context {
  readonly scope: Scope;
  /** Subcircuit whose body is being read, for messages; undefined at top level. */
  readonly subckt?: string;
  element(name: string): string;
  node(name: string): string;
  model(name: string): string;
  /** A controlling source named by an F/H card. */
  control(name: string): string;
  /** `.global` nets: the same net inside every subcircuit instance. */
  readonly globals: ReadonlySet<string>;
  /** The subcircuit definitions visible here: the top level's, and those inside the definitions being expanded. */
  readonly subckts: ReadonlyMap<string, SubcktDef>;
}

/** Ground has two spellings in SPICE; the network knows only `0`. */
export function normalizeNode(name: string): string {
  return name === 'gnd' ? '0' : name;
}

export function topContext(scope: Scope, globals: ReadonlySet<string> = new Set(), subckts: ReadonlyMap<string, SubcktDef> = new Map()): Context {
  const same = (name: string): string => name;
  return { scope, element: same, node: normalizeNode, model: same, control: same, globals, subckts };
}
