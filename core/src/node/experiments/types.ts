/** What every `memflow experiment run NAME` entry provides; the command does parsing, output and progress. */
export interface ExperimentContext {
  /** The repository's fixtures/ folder (data sets, networks). */
  fixtures: string;
  /** Where figures and reports go (created before `run` is called). */
  outDir: string;
  seed?: number;
  epochs?: number;
  /** A small configuration for tests and CI (`--quick`). */
  quick: boolean;
  /** Free-form `--set key=value` options, for experiment-specific knobs. */
  options: Readonly<Record<string, string>>;
  /** Report progress in [0, 1]; drawn as a bar on a TTY, silent elsewhere. */
  progress(fraction: number): void;
}

export interface ExperimentResult {
  /** The `--json` report: headline figures first (e.g. `accuracy`), then detail; `figures` lists written files. */
  report: Record<string, unknown> & { experiment: string; figures: string[] };
  /** The human-readable summary printed without `--json`. */
  summary: string;
}

export interface Experiment {
  name: string;
  /** One line for `memflow experiment list` and the help text. */
  title: string;
  /**
   * The `--set` keys it takes; the command refuses any other before running (a typo would otherwise be
   * ignored silently). The experiment still checks each value.
   */
  readonly settings: readonly string[];
  run(ctx: ExperimentContext): ExperimentResult | Promise<ExperimentResult>;
}
