/**
 * The `memflow.network/v1` format as a zod schema, and the JSON Schema published from it. The schema
 * mirrors `types.ts` field for field; the compile-time check at the bottom fails the build if they drift.
 */
import * as z from 'zod';
import { OUTPUT_RE, OUTPUT_SYNTAX } from './outputs.js';
import { fieldOf } from './paths.js';
import { NETWORK_FORMAT, type Network } from './types.js';

export const NETWORK_SCHEMA_ID = 'https://memflow.dev/schema/memflow.network.v1.json';

// Names end up in SPICE lines and in output expressions like `v(a,b)`, so they cannot contain the
// characters that separate tokens there.
const NAME_PATTERN = /^[^\s(),=]+$/;
const name = (what: string) =>
  z
    .string()
    .regex(NAME_PATTERN, { error: 'must not contain spaces, parentheses, commas or =' })
    .meta({ description: what });

const num = z.number();
const numbers = (key: string) => z.record(name(key), num);

const location = z
  .strictObject({ file: z.string(), line: z.int().min(1), column: z.int().min(1) })
  .meta({ id: 'SourceLocation', description: 'Where a piece of input came from, for error messages.' });

const sin = z.strictObject({
  type: z.literal('sin'),
  vo: num,
  va: num,
  freq: num,
  td: num,
  theta: num,
  phase: num.meta({ description: 'Phase in degrees.' }),
});
const pulse = z.strictObject({
  type: z.literal('pulse'),
  v1: num,
  v2: num,
  td: num,
  tr: num,
  tf: num,
  pw: num,
  per: num,
  np: num.meta({ description: 'Number of pulses; 0 = unbounded.' }),
});
const pwl = z.strictObject({ type: z.literal('pwl'), t: z.array(num), v: z.array(num) });
const exp = z.strictObject({
  type: z.literal('exp'),
  v1: num,
  v2: num,
  td1: num,
  tau1: num,
  td2: num,
  tau2: num,
});
const waveform = z
  .discriminatedUnion('type', [sin, pulse, pwl, exp])
  .meta({ id: 'Waveform', description: 'Transient waveform of an independent source, with SPICE semantics.' });

const source = z
  .strictObject({
    dc: num.meta({ description: 'Value in .op and .dc.' }),
    wave: waveform.optional(),
    ac: z
      .strictObject({ mag: num, phase: num.meta({ description: 'Degrees.' }) })
      .meta({ description: 'Small-signal phasor for .ac (SPICE `AC mag phase`).' })
      .optional(),
  })
  .meta({ id: 'SourceSpec', description: "An independent source's DC value and optional transient waveform." });

const modelCard = z
  .strictObject({
    device: name('Device-model id, e.g. `diode`, `memristor.hp`.'),
    params: numbers('Parameter name.'),
    table: z
      .strictObject({
        file: z.string().optional().meta({ description: 'The data file the table was fitted from, as its author gave it.' }),
        nonlinearity: z.union([z.number(), z.string()]).optional().meta({ description: '`nonlinearity=` as given on the SPICE card.' }),
        fit: z.record(z.string(), z.unknown()).meta({ description: 'The fitted model (fitTable of @memflow/nodes).' }),
      })
      .optional()
      .meta({ id: 'TableSource', description: 'The data behind a data-driven device model (`memristor.table:NAME`), so the file is self-contained.' }),
    loc: location.optional(),
  })
  .meta({ id: 'ModelCard', description: 'A named parameter set for a device model (a SPICE `.model` card).' });

const element = z
  .strictObject({
    id: name('Element name, unique in the network (case-insensitive).'),
    device: name('Device-model id.'),
    model: name('Name of a model card in `models` whose params this element starts from.').optional(),
    nodes: z.array(name('Net name; `0` is ground.')).meta({ description: 'Net names, one per terminal.' }),
    params: numbers('Parameter name.')
      .meta({ description: "Instance parameters (override the model card's)." })
      .optional(),
    source: source.optional(),
    control: name('Controlled sources: the element whose branch current controls this one.').optional(),
    loc: location.optional(),
  })
  .meta({ id: 'Element', description: 'An instance of a device model.' });

const analysis = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('op') }),
    z.strictObject({ type: z.literal('dc'), source: name('Swept source element.'), start: num, stop: num, step: num }),
    z.strictObject({
      type: z.literal('tran'),
      tstep: num,
      tstop: num,
      tstart: num.optional(),
      tmax: num.optional(),
      uic: z
        .boolean()
        .meta({ description: "Skip the operating point and start from the states' initial values." })
        .optional(),
    }),
    z.strictObject({
      type: z.literal('ac'),
      sweep: z.enum(['dec', 'oct', 'lin']),
      points: z.int().min(1).meta({ description: 'Points per decade or octave, or in all for lin.' }),
      fstart: num,
      fstop: num,
    }),
  ])
  .meta({ id: 'Analysis' });

const output = z.string().regex(OUTPUT_RE, { error: `must be ${OUTPUT_SYNTAX}` });
const crossing = z
  .strictObject({
    output,
    level: num,
    edge: z.enum(['rise', 'fall', 'cross']),
    count: z.union([z.int().min(1), z.literal('last')]).meta({ description: 'Which crossing, from 1, or "last".' }),
  })
  .meta({ id: 'Crossing', description: 'The n-th (or last) time an output crosses a level.' });
const measureHead = { name: name('Measurement name.'), analysis: z.enum(['tran', 'dc', 'ac']), loc: location.optional() };
const measure = z
  .union([
    z.strictObject({ ...measureHead, kind: z.enum(['max', 'min', 'pp', 'avg', 'rms', 'integ']), output, from: num.optional(), to: num.optional() }),
    z.strictObject({ ...measureHead, kind: z.literal('find-at'), output, at: num }),
    z.strictObject({ ...measureHead, kind: z.literal('when'), when: crossing }),
    z.strictObject({ ...measureHead, kind: z.literal('find-when'), output, when: crossing }),
    z.strictObject({ ...measureHead, kind: z.literal('trig-targ'), trig: crossing, targ: crossing }),
  ])
  .meta({ id: 'Measure', description: 'A SPICE `.meas`: a number computed from a finished tran, dc or ac analysis.' });

export const networkSchema = z
  .strictObject({
    format: z.literal(NETWORK_FORMAT),
    title: z.string().optional(),
    models: z.record(name('Model card name.'), modelCard).optional(),
    elements: z.array(element),
    options: numbers('Option name.')
      .meta({ description: 'Solver options (reltol, abstol, vntol, gmin, ...).' })
      .optional(),
    analyses: z.array(analysis).optional(),
    outputs: z
      .array(z.string().regex(OUTPUT_RE, { error: `must be ${OUTPUT_SYNTAX}` }))
      .meta({ description: 'Output variables as in `.print`: `v(out)`, `v(a,b)`, `i(v1)`, `x(m1)`, `x(m1.w)`.' })
      .optional(),
    measures: z.array(measure).meta({ description: 'SPICE `.meas` measurements.' }).optional(),
    ic: z
      .record(name('Net name.'), num)
      .meta({ description: 'Initial node voltages (SPICE `.ic`): the transient starts from them with `uic`; otherwise its operating point holds these nets at them.' })
      .optional(),
    nodeset: z
      .record(name('Net name.'), num)
      .meta({ description: 'Node voltages the operating point starts from (SPICE `.nodeset`): held for a first solve, then released.' })
      .optional(),
    layout: z
      .record(name('Net name.'), z.tuple([num, num]))
      .meta({ description: 'Display coordinates of nets, for graph views.' })
      .optional(),
  })
  .meta({
    title: 'memflow network',
    description: `A circuit of device-model instances (format ${NETWORK_FORMAT}). Values are SI.`,
  });

/**
 * Property names the schema allows in the object at `path` of `root` (which need not be valid), so an
 * unknown property can be answered with the nearest allowed one.
 */
export function allowedKeys(root: unknown, path: readonly (string | number)[]): string[] {
  let schema: z.ZodType | undefined = networkSchema;
  let value = root;
  for (let i = 0; ; i++) {
    while (schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
    if (schema instanceof z.ZodDiscriminatedUnion) {
      const disc: string = schema.def.discriminator;
      const tag = fieldOf(value, disc);
      schema = (schema.options as z.ZodObject[]).find((o) => (o.shape[disc] as z.ZodLiteral).value === tag);
    }
    if (i === path.length) return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
    const seg = path[i];
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[seg];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else return [];
    value = fieldOf(value, seg);
  }
}

/** The published JSON Schema (draft 2020-12) of `memflow.network/v1`. */
export function networkJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(networkSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, title, description, ...rest } = generated;
  return { $schema, $id: NETWORK_SCHEMA_ID, title, description, ...rest };
}

// Homomorphic mapped types keep arrays and tuples as such, so this strips `readonly` at every depth.
type DeepMutable<T> = T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// If this line fails to compile, schema.ts and types.ts disagree about the format.
const schemaMatchesTypes: Same<z.infer<typeof networkSchema>, DeepMutable<Network>> = true;
void schemaMatchesTypes;
