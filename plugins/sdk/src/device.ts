/**
 * The device-model contract: what a built-in or third-party model declares and computes.
 *
 * A model describes its instances' currents, charges, state rates and their derivatives — nothing else.
 * The kernel owns assembly, Newton iteration, integration and step control (as in Xyce/ngspice).
 *
 * Local unknowns of one instance, in this order: terminals, internal nodes, branch currents, states.
 * Local equations, in the same order:
 *  - terminal / internal-node rows: current flowing from the node INTO the device at that terminal
 *    (f = static part, q = charge whose time derivative adds to it);
 *  - branch rows: a device-defined constraint f(x) + dq/dt = 0 (e.g. v(p) − v(n) − E(t) = 0);
 *  - state rows: the state's rate, dx/dt = f(x). The kernel integrates it implicitly and keeps the
 *    state inside its declared bounds exactly (a state pushed against a bound stops there).
 */

/** A parameter: SI value, with documentation that a manifest can carry without running code. */
export interface ParamSpec {
  readonly default: number;
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  readonly doc?: string;
  /** Other names accepted in netlists (lowercase). */
  readonly aliases?: readonly string[];
  /** An enumerated parameter: netlists give one of these names, the value is its index. */
  readonly choices?: readonly string[];
}

/** A bound or initial value: a number, or the name of a parameter that gives it per instance (`-name` for its negative). */
export type ParamRef = number | string;

/** The parameter a string ParamRef names (`-lmax` names `lmax`). */
export function paramRefName(ref: string): string {
  return ref.startsWith('-') ? ref.slice(1) : ref;
}

/**
 * The value of a ParamRef: the number itself, or the named parameter's value from `param`, negated for
 * `-name`; `undefined` when there is no reference or the parameter has no value.
 */
export function resolveParamRef(ref: ParamRef | undefined, param: (name: string) => number | undefined): number | undefined {
  if (ref === undefined || typeof ref === 'number') return ref;
  const value = param(paramRefName(ref));
  return value === undefined ? undefined : ref.startsWith('-') ? -value : value;
}

export interface StateSpec {
  readonly init: ParamRef;
  readonly min?: ParamRef;
  readonly max?: ParamRef;
  readonly unit?: string;
  readonly doc?: string;
  /** Absolute tolerance for step control and Newton convergence, in the state's unit. */
  readonly abstol?: number;
  /**
   * Integrate this state with backward Euler: first order, but monotone. A state driven towards a
   * fixed point it must stop at (a reset that ends at zero) then never crosses it, which second-order
   * formulas can do by a step's worth right after landing.
   */
  readonly firstOrder?: boolean;
}

export type DeviceKind =
  | 'passive'
  | 'source'
  | 'diode'
  | 'memristor'
  | 'neuron'
  | 'controlled'
  | 'other';

/** A (row, column) pair of local unknown names. */
export type JacobianEntry = readonly [row: string, col: string];

export type AnalysisMode = 'dc' | 'tran';

/** Everything a vectorised evaluation reads and writes, as struct-of-arrays over all instances. */
export interface EvalContext {
  /** Number of instances. */
  readonly n: number;
  readonly mode: AnalysisMode;
  readonly time: number;
  /**
   * Independent sources use their DC value (.op, .dc) rather than their waveform at `time`
   * (transient analysis and the operating point that starts it).
   */
  readonly dcSources: boolean;
  /** Source-stepping factor in [0, 1]; independent sources multiply their value by it. */
  readonly sourceScale: number;
  /** Minimum conductance the kernel asks junction-like devices to add in parallel. */
  readonly gmin: number;
  /** True on the first Newton iteration of a solve (limiting has no previous iterate yet). */
  readonly firstIteration: boolean;
  /**
   * False when the kernel will not read `df` / `dq` from this call (it is checking a Newton iterate
   * against the equations, or stepping with a factorisation it already has): a device may then skip
   * its derivatives, which are most of what it writes. Absent or true: write them.
   */
  readonly derivatives?: boolean;
  /**
   * Out: a device that limits an unknown (e.g. pnjlim on a junction voltage) adds 1 per limited
   * instance. The kernel never accepts a Newton iteration in which this is non-zero, because the
   * device then answered for a point other than the one asked (SPICE's CKTnoncon).
   */
  noncon: number;
  /** Local unknowns x[k][i], k in the model's local order. */
  readonly x: readonly Float64Array[];
  /** Parameters p[name][i]. */
  readonly p: Readonly<Record<string, Float64Array>>;
  /** Non-numeric per-instance data (e.g. a source waveform), as given by the netlist. */
  readonly data: readonly unknown[];
  /** Per-instance scratch declared in `work`, kept across iterations (e.g. the last limited voltage). */
  readonly work: Readonly<Record<string, Float64Array>>;
  /** Out: f[k][i] for every local equation k. */
  readonly f: Float64Array[];
  /** Out: q[k][i] for every local equation k in `charges.rows` (indexed like f; other rows unused). */
  readonly q: Float64Array[];
  /** Out: ∂f/∂x for every entry of `jacobian`, df[e][i]. */
  readonly df: Float64Array[];
  /** Out: ∂q/∂x for every entry of `charges.jacobian`, dq[e][i]. */
  readonly dq: Float64Array[];
}

export interface DeviceModel {
  /** Stable identifier, e.g. `memristor.hp` or `acme.rram`. */
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly kind: DeviceKind;
  readonly description?: string;
  readonly citation?: string;
  readonly terminals: readonly string[];
  readonly internalNodes?: readonly string[];
  readonly branches?: readonly string[];
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly states?: Readonly<Record<string, StateSpec>>;
  /** Names of per-instance scratch arrays the kernel allocates for `evaluate`. */
  readonly work?: readonly string[];
  /** Structurally non-zero entries of ∂f/∂x. */
  readonly jacobian: readonly JacobianEntry[];
  /** Rows with charge (or flux) and the non-zero entries of ∂q/∂x. */
  readonly charges?: { readonly rows: readonly string[]; readonly jacobian: readonly JacobianEntry[] };
  /** f is affine in x and q linear in x (lets the kernel stop Newton after one solve). */
  readonly linear?: boolean;
  /**
   * Initial state values that depend on parameters in ways `StateSpec.init` cannot express
   * (e.g. the HP memristor's x0 from its initial resistance). Called after the declared inits are set.
   */
  initialState?(p: Readonly<Record<string, Float64Array>>, n: number, states: readonly Float64Array[]): void;
  /** How the model is written in SPICE netlists (read and written by the netlist tools). */
  readonly spice?: SpiceSyntax;
  /** Discontinuities of the instance's inputs in (t0, t1], e.g. source corners. */
  breakpoints?(instance: InstanceView, t0: number, t1: number): number[];
  evaluate(ctx: EvalContext): void;
}

/**
 * SPICE spelling of a model. Element lines start with `letter`; `value` names the parameter written as
 * the bare value (`R1 a b 1k`); `modelType` is the `.model NAME TYPE` type (`d`, `memristor`) and
 * `level` the `level=` that selects this model among models of that type (`hp`, `team`, `2`...).
 * `letter: 'Y'` means Xyce's `YMEMRISTOR NAME n+ n- MODEL` form; `letter: 'A'` an XSPICE code model.
 */
export interface SpiceSyntax {
  readonly letter: string;
  readonly value?: string;
  readonly modelType?: string;
  readonly level?: readonly string[];
  /** Independent sources carry a DC value and waveform instead of parameters. */
  readonly source?: boolean;
  /** Controlled sources whose control is another element's branch current (F, H). */
  readonly controlledByCurrent?: boolean;
}

/** One instance's parameters and data, for per-instance hooks such as breakpoints. */
export interface InstanceView {
  readonly name: string;
  param(name: string): number;
  readonly data: unknown;
}

/**
 * The full Jacobian pattern of a two-terminal device (terminals `p`, `n`) with one state: both
 * terminal currents depend on both voltages and the state, and the state's rate on all three. The
 * order is the one `evaluate` fills `df` in: (p,p) (p,n) (p,s) (n,p) (n,n) (n,s) (s,p) (s,n) (s,s).
 */
export function twoTerminalStateJacobian(state: string): JacobianEntry[] {
  return [
    ['p', 'p'],
    ['p', 'n'],
    ['p', state],
    ['n', 'p'],
    ['n', 'n'],
    ['n', state],
    [state, 'p'],
    [state, 'n'],
    [state, state],
  ];
}

/** Local unknown names in kernel order. */
export function localNames(model: DeviceModel): string[] {
  return [
    ...model.terminals,
    ...(model.internalNodes ?? []),
    ...(model.branches ?? []),
    ...Object.keys(model.states ?? {}),
  ];
}
