/** The device models a session can use: built-ins and loaded plugins, looked up by id or SPICE spelling. */
import type { DeviceModel } from '@memflow/plugin-sdk';

export class DeviceRegistry {
  private readonly byId = new Map<string, DeviceModel>();

  constructor(models: Iterable<DeviceModel> = []) {
    for (const m of models) this.add(m);
  }

  add(model: DeviceModel): void {
    if (this.byId.has(model.id)) throw new Error(`device model '${model.id}' is registered twice`);
    this.byId.set(model.id, model);
  }

  /** Puts `model` in the place of the model registered under its id (a plugin's code for its manifest's declaration). */
  replace(model: DeviceModel): void {
    if (!this.byId.has(model.id)) throw new Error(`device model '${model.id}' is not registered`);
    this.byId.set(model.id, model);
  }

  get(id: string): DeviceModel | undefined {
    return this.byId.get(id);
  }

  all(): DeviceModel[] {
    return [...this.byId.values()];
  }

  /** Models written with this SPICE element letter (uppercase), e.g. 'R', 'D', 'Y'. */
  withLetter(letter: string): DeviceModel[] {
    return this.all().filter((m) => m.spice?.letter === letter);
  }

  readonly lookup = (id: string): DeviceModel | undefined => this.byId.get(id);
}
