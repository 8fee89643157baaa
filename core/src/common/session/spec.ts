/**
 * The session spec (`memflow.session/v1`): what a long-running learning session is made of — a
 * workload (network + learning rule), its stimulus stream, recorders, a checkpoint schedule and
 * retention limits. Parsed once at `session start` and stored in the session directory; a resume
 * rebuilds everything from the stored copy.
 */
import * as z from 'zod';

export const SESSION_FORMAT = 'memflow.session/v1';

const positive = z.number().positive();
const count = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

/** A labelled data set iterated in epochs (a seeded reshuffle per epoch). */
const datasetStimulus = z.strictObject({
  kind: z.literal('dataset'),
  /** xor, iris or digits (the fixtures), or `file` with a labelled CSV (scikit-learn layout). */
  name: z.enum(['xor', 'iris', 'digits', 'file']),
  file: z.string().optional(),
  /** Training samples (the rest is the test set); iris/digits/file only. */
  train: count.optional(),
  /** Features are scaled to [0, vmax] volts. */
  vmax: positive.optional(),
  epochs: count,
});

/** A scalar input stream: a generated signal, or the values of a file. */
const signalStimulus = z.strictObject({
  kind: z.literal('signal'),
  /** uniform: i.i.d. in [lo, hi] from the session's PRNG; sine: offset + amplitude·sin(2πn/period). */
  waveform: z.enum(['uniform', 'sine']),
  lo: z.number().optional(),
  hi: z.number().optional(),
  amplitude: z.number().optional(),
  offset: z.number().optional(),
  /** Period of the sine in samples. */
  period: positive.optional(),
  samples: count,
});

const fileStimulus = z.strictObject({
  kind: z.literal('file'),
  /** One number per line (a header line is skipped), relative to the spec file. */
  file: z.string(),
  /** Passes over the file (default 1). */
  repeat: count.optional(),
});

const eqpropWorkload = z.strictObject({
  kind: z.literal('eqprop-online'),
  hidden: z.array(count).default([]),
  beta: positive,
  lr: positive,
  lrDecay: z.number().nonnegative().optional(),
  momentum: z.number().min(0).max(1).optional(),
  targetHigh: z.number().default(0.1),
  targetLow: z.number().default(-0.1),
  /** Circuit overrides (EbanaCircuitConfig without `layers`). */
  circuit: z
    .strictObject({
      gmin: positive.optional(),
      gmax: positive.optional(),
      vbias: z.number().optional(),
      clampLow: z.number().optional(),
      clampHigh: z.number().optional(),
      amplifier: z.strictObject({ gain: positive, shift: z.number() }).optional(),
    })
    .default({}),
  /** Test-set accuracy every this many samples (0: never). */
  evaluateEvery: nonNegativeInt.default(0),
});

const reservoirWorkload = z.strictObject({
  kind: z.literal('reservoir-online'),
  nanowire: z.strictObject({
    wires: count,
    length: z.strictObject({ mean: positive, std: z.number().nonnegative() }),
    size: z.strictObject({ w: positive, h: positive }),
    junctionParams: z.record(z.string(), z.number()).default({}),
  }),
  /** Simulated time each input sample is held (s). */
  dt: positive,
  /** Readout: node voltages of this many wires (the kept wires in index order), plus a bias. */
  readoutWires: count,
  /** What the readout learns to output. delay: u[n−k]; narma2: the second-order NARMA system driven by u (bounded for u in [0, 0.5]). */
  task: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('delay'), k: nonNegativeInt }),
    z.strictObject({ kind: z.literal('narma2') }),
  ]),
  /** Recursive least squares: forgetting factor λ ∈ (0, 1] and initial P = I/δ. */
  rls: z.strictObject({ lambda: z.number().gt(0).max(1).default(1), delta: positive.default(1e-4) }).default({ lambda: 1, delta: 1e-4 }),
});

export const sessionSpecSchema = z.strictObject({
  format: z.literal(SESSION_FORMAT),
  name: z.string().min(1),
  seed: nonNegativeInt.default(1),
  workload: z.discriminatedUnion('kind', [eqpropWorkload, reservoirWorkload]),
  stimulus: z.discriminatedUnion('kind', [datasetStimulus, signalStimulus, fileStimulus]),
  recorders: z
    .strictObject({
      /** A metrics row every this many samples. */
      metricsEvery: count.default(1),
      /** A waveform row (the workload's bulk channels) every this many samples; 0 = no waveforms. */
      waveformsEvery: nonNegativeInt.default(1),
      /** Rows per Arrow file at most (a file also ends at every checkpoint). */
      chunkRows: count.default(4096),
    })
    .default({ metricsEvery: 1, waveformsEvery: 1, chunkRows: 4096 }),
  schedule: z
    .strictObject({
      /** Checkpoint every this many samples, simulated seconds or wall seconds (whichever comes first). */
      everySamples: count.optional(),
      everySimSeconds: positive.optional(),
      everyWallSeconds: positive.optional(),
    })
    .default({ everyWallSeconds: 30 }),
  retention: z
    .strictObject({
      /** Checkpoints kept (the newest). */
      keepCheckpoints: count.default(3),
      /** Waveform rows older than this many samples behind the newest are decimated. */
      decimateAfterSamples: count.optional(),
      /** Keep every this-many-th row of a decimated waveform file. */
      decimateFactor: z.number().int().min(2).default(10),
      /** Pause the session (status 'paused', reason disk) when the directory grows past this. */
      maxDiskMB: positive.optional(),
    })
    .default({ keepCheckpoints: 3, decimateFactor: 10 }),
});

export type SessionSpec = z.infer<typeof sessionSpecSchema>;
export type SessionSpecInput = z.input<typeof sessionSpecSchema>;
export type EqPropWorkloadSpec = z.infer<typeof eqpropWorkload>;
export type ReservoirWorkloadSpec = z.infer<typeof reservoirWorkload>;
export type StimulusSpec = SessionSpec['stimulus'];

/** Thrown for a spec that does not parse or does not fit together; the message says where. */
export class SessionSpecError extends Error {}

/** Validates a parsed JSON/YAML value; `where` names the file in messages. */
export function parseSessionSpec(value: unknown, where = 'session spec'): SessionSpec {
  const res = sessionSpecSchema.safeParse(value);
  if (!res.success) {
    const issue = res.error.issues[0];
    const path = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new SessionSpecError(`${where}: ${path}: ${issue.message}`);
  }
  const spec = res.data;
  const w = spec.workload;
  const s = spec.stimulus;
  if (w.kind === 'eqprop-online' && s.kind !== 'dataset') throw new SessionSpecError(`${where}: stimulus: eqprop-online learns from a labelled data set; use stimulus.kind "dataset"`);
  if (w.kind === 'reservoir-online' && s.kind === 'dataset') throw new SessionSpecError(`${where}: stimulus: reservoir-online takes a scalar stream; use stimulus.kind "signal" or "file"`);
  if (s.kind === 'dataset' && s.name === 'file' && !s.file) throw new SessionSpecError(`${where}: stimulus.file: name "file" needs the labelled CSV's path in stimulus.file`);
  const sch = spec.schedule;
  if (sch.everySamples === undefined && sch.everySimSeconds === undefined && sch.everyWallSeconds === undefined) {
    throw new SessionSpecError(`${where}: schedule: give at least one of everySamples, everySimSeconds, everyWallSeconds`);
  }
  return spec;
}
