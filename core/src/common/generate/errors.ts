import type { DeviceLookup } from '../solver/system.js';

/** Bad generator options (the CLI reports these as usage errors). */
export class GenerateError extends Error {}

/** With a lookup: the junction device must exist, have two terminals and know the given parameters. */
export function checkJunction(device: string, params: Readonly<Record<string, number>> | undefined, lookup?: DeviceLookup): void {
  if (!lookup) return;
  const model = lookup(device);
  if (!model) throw new GenerateError(`unknown junction device '${device}'`);
  if (model.terminals.length !== 2) throw new GenerateError(`junction device '${device}' has ${model.terminals.length} terminals; a junction needs 2`);
  for (const name of Object.keys(params ?? {})) {
    const key = name.toLowerCase();
    if (!(key in model.params) && !Object.values(model.params).some((p) => p.aliases?.includes(key))) {
      throw new GenerateError(`junction device '${device}' has no parameter '${name}'; its parameters are ${Object.keys(model.params).join(', ')}`);
    }
  }
}
