/**
 * `memflow.network/v1`: a network as data. The SPICE reader lowers netlists to this form, the JSON
 * reader validates it, the compiler builds the kernel's system from it, and the SPICE writer exports it.
 */
import type { SourceSpec } from '@memflow/plugin-sdk';
import type { MeasureSpec } from './measure.js';

export const NETWORK_FORMAT = 'memflow.network/v1' as const;

/** Where a piece of input came from, for error messages. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The data behind a data-driven device model (`memristor.table:NAME`): the fitted rate table travels
 * with the network so that a network file is self-contained, and the data file it was fitted from is
 * kept so that a SPICE export can refer to it again.
 */
export interface TableSource {
  /** The data file (an I–V sweep or pulse responses), as the network's author gave it. */
  readonly file?: string;
  /** `nonlinearity=` as given on the card (a number, `auto` or `linear`), if any. */
  readonly nonlinearity?: number | string;
  /** The fit (`fitTable` of @memflow/nodes): what the model is built from. */
  readonly fit: Readonly<Record<string, unknown>>;
}

/** A named parameter set for a device model (a SPICE `.model` card). */
export interface ModelCard {
  /** Device-model id, e.g. `diode`, `memristor.xspice`, `memristor.hp`. */
  readonly device: string;
  readonly params: Readonly<Record<string, number>>;
  /** For data-driven models: the table they are built from. */
  readonly table?: TableSource;
  readonly loc?: SourceLocation;
}

export interface ElementSpec {
  /** Element name, unique in the network (case-insensitive, stored lowercase as in SPICE). */
  readonly id: string;
  /** Device-model id. */
  readonly device: string;
  /** Name of a model card in `models` whose params this element starts from. */
  readonly model?: string;
  /** Net names, one per terminal of the device model; `0` is ground. */
  readonly nodes: readonly string[];
  /** Instance parameters (override the model card's). */
  readonly params?: Readonly<Record<string, number>>;
  /** Independent sources: DC value and transient waveform. */
  readonly source?: SourceSpec;
  /** Controlled sources: the element whose branch current controls this one (CCCS/CCVS). */
  readonly control?: string;
  readonly loc?: SourceLocation;
}

export type AnalysisSpec =
  | { readonly type: 'op' }
  | { readonly type: 'dc'; readonly source: string; readonly start: number; readonly stop: number; readonly step: number }
  | {
      readonly type: 'tran';
      readonly tstep: number;
      readonly tstop: number;
      readonly tstart?: number;
      readonly tmax?: number;
      /** Use initial conditions: skip the operating point and start from the states' initial values. */
      readonly uic?: boolean;
    }
  | {
      /** Small-signal analysis at the operating point (solver/ac.ts). */
      readonly type: 'ac';
      readonly sweep: 'dec' | 'oct' | 'lin';
      /** Points per decade / octave, or in all for `lin`. */
      readonly points: number;
      readonly fstart: number;
      readonly fstop: number;
    };

export interface Network {
  readonly format: typeof NETWORK_FORMAT;
  readonly title?: string;
  readonly models?: Readonly<Record<string, ModelCard>>;
  readonly elements: readonly ElementSpec[];
  /** Solver options (reltol, abstol, vntol, chgtol, trtol, gmin, itl1, itl4, ...). */
  readonly options?: Readonly<Record<string, number>>;
  readonly analyses?: readonly AnalysisSpec[];
  /**
   * Output variables as written in `.print`: `v(out)`, `v(a,b)`, `i(v1)`, `x(m1)`, and `x(m1.w)` for one
   * state of a device with several. Net and element names match case-insensitively, as in SPICE.
   */
  readonly outputs?: readonly string[];
  /**
   * Initial node voltages (SPICE `.ic v(net)=value`): with `uic` the transient starts from them; else the
   * transient's operating point is solved with these nets held at them, and released when it starts.
   */
  readonly ic?: Readonly<Record<string, number>>;
  /**
   * Node voltages to start the operating point from (SPICE `.nodeset`): solved first with these nets
   * held, then released; it picks, e.g., which state a bistable circuit starts in.
   */
  readonly nodeset?: Readonly<Record<string, number>>;
  /** SPICE `.meas` measurements of the tran and dc analyses (measure.ts). */
  readonly measures?: readonly MeasureSpec[];
  /** Display coordinates of nets, for graph views. */
  readonly layout?: Readonly<Record<string, readonly [number, number]>>;
}
