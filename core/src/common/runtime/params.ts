/** Validation of live parameter changes against a device model's ParamSpec (pure). */
import type { DeviceModel } from '@memflow/plugin-sdk';

export type ParamCheck = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly message: string };

/** Canonical parameter name of `given` (its own name or an alias), case-insensitive. */
export function canonicalParam(model: DeviceModel, given: string): string | undefined {
  const key = given.toLowerCase();
  if (Object.hasOwn(model.params, key)) return key;
  for (const [name, spec] of Object.entries(model.params)) if (spec.aliases?.includes(key)) return name;
  return undefined;
}

/**
 * Checks that `value` may be written to parameter `given` of a running element: a known name (or
 * alias), a finite value within [min, max], a valid index for an enumerated parameter, and not a
 * parameter that the compiler resolved into a state's bound or initial value (those are fixed when
 * the network is compiled).
 */
export function checkParam(model: DeviceModel, given: string, value: number): ParamCheck {
  const name = canonicalParam(model, given);
  if (!name) {
    const names = Object.keys(model.params);
    return { ok: false, message: `device '${model.id}' has no parameter '${given}'; its parameters are ${names.length ? names.join(', ') : '(none)'}` };
  }
  const spec = model.params[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, message: `parameter '${name}' must be a finite number, got ${String(value)}` };
  if (spec.choices) {
    if (!Number.isInteger(value) || value < 0 || value >= spec.choices.length) {
      return { ok: false, message: `parameter '${name}' is one of ${spec.choices.map((c, k) => `${k} (${c})`).join(', ')}; got ${value}` };
    }
  }
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    return { ok: false, message: `parameter '${name}' = ${value} is outside [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]` };
  }
  for (const [state, s] of Object.entries(model.states ?? {})) {
    for (const ref of [s.init, s.min, s.max]) {
      if (ref === name || ref === `-${name}`) {
        return {
          ok: false,
          message: `parameter '${name}' sets a bound or the initial value of state '${state}', which are fixed when the network is compiled; changing it while running is not yet supported`,
        };
      }
    }
  }
  return { ok: true, name };
}
