import type { MeasureSpec } from '../network/measure.js';
/**
 * The syntax-level result of reading a SPICE netlist: cards with their values evaluated and
 * subcircuits flattened, but no device semantics (the network lowering decides what a card means).
 */
import type { SourceSpec } from '@memflow/plugin-sdk';
import type { AnalysisSpec, SourceLocation } from '../network/types.js';

/** Element kinds the reader accepts; the SPICE letter, or `ymemristor` for Xyce's `YMEMRISTOR`. */
export type ElementType = 'r' | 'c' | 'l' | 'v' | 'i' | 'd' | 'a' | 'ymemristor' | 'y' | 'e' | 'g' | 'f' | 'h';

export interface ElementCard {
  /** Lowercase; `x1.r1` for an element of subcircuit instance `x1`; `m1` for `YMEMRISTOR m1 ...`. */
  readonly name: string;
  readonly type: ElementType;
  /** Lowercase net names in terminal order; `gnd` is `0`; internal nets of instance `x1` are `x1.net`. */
  readonly nodes: readonly string[];
  /** Xyce Y devices other than YMEMRISTOR: the device type written after the Y (`neuron` for YNEURON). */
  readonly ydevice?: string;
  /** Name of a `.model` (D, A, YMEMRISTOR); always a key of `NetlistAst.models`. */
  readonly model?: string;
  /** R/C/L value, V/I DC value (same as `source.dc`), E/G/F/H gain. */
  readonly value?: number;
  /** F/H: the voltage source whose branch current controls this one. */
  readonly control?: string;
  /** `name=value` instance parameters (lowercase keys), and a diode's bare area as `area`. */
  readonly params: Readonly<Record<string, number>>;
  /**
   * V/I only. `dc` is the DC value when written, else the waveform's value at t = 0 (what SPICE uses).
   * Waveform fields whose SPICE default depends on the analysis are NaN; see `resolveWaveformDefaults`.
   */
  readonly source?: SourceSpec;
  /** The card's first token (inside the subcircuit body for flattened elements). */
  readonly loc: SourceLocation;
}

export interface ModelDef {
  /** Lowercase; `x1.dmod` for a `.model` written inside a subcircuit instantiated as `x1`. */
  readonly name: string;
  /** Lowercase model type as written: `d`, `memristor`, ... */
  readonly type: string;
  /** Lowercase keys; numbers where the value is one, lowercase words otherwise (`window=biolek`). */
  readonly params: Readonly<Record<string, number | string>>;
  /** The model's name token. */
  readonly loc: SourceLocation;
}

export type AnalysisCard = AnalysisSpec & { readonly loc: SourceLocation };

export type PrintAnalysis = 'op' | 'dc' | 'tran' | 'ac';

export interface PrintCard {
  readonly analysis: PrintAnalysis;
  /** Lowercase, without spaces: `v(out)`, `v(a,b)`, `i(v1)`. */
  readonly vars: readonly string[];
  readonly loc: SourceLocation;
}

export interface NetlistAst {
  /** The first line of the top file (SPICE always reads it as the title), without a leading `*`. */
  readonly title: string;
  readonly elements: readonly ElementCard[];
  readonly models: ReadonlyMap<string, ModelDef>;
  /** Top-level `.param` values, evaluated. */
  readonly params: Readonly<Record<string, number>>;
  /** `.options`, lowercase keys; bare flags are 1. */
  readonly options: Readonly<Record<string, number>>;
  readonly analyses: readonly AnalysisCard[];
  readonly prints: readonly PrintCard[];
  /** `.ic` net voltages (lowercase nets). */
  readonly ic: Readonly<Record<string, number>>;
  /** `.meas` cards. */
  readonly measures: readonly MeasureSpec[];
  /** `.nodeset` net voltages (lowercase nets). */
  readonly nodeset: Readonly<Record<string, number>>;
  /** The top file and every included file, in the order they were read. */
  readonly files: readonly string[];
}
