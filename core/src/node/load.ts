/** Reads a network file from disk: SPICE netlists (.cir .sp .spice .net .ckt) or memflow JSON. */
import type { DeviceModel } from '@memflow/plugin-sdk';
import { tableModelFromFit, type TableFit } from '@memflow/nodes';
import type { DeviceRegistry } from '../common/compiler/index.js';
import { parseNetworkJson } from '../common/network/index.js';
import type { Network } from '../common/network/types.js';
import { CircuitError } from '../common/solver/errors.js';
import { isJsonNetworkFile, loadSpiceNetwork, readText } from './load-spice.js';

export { defaultRegistry, isJsonNetworkFile, loadSpiceNetwork, rebaseTableFiles } from './load-spice.js';

export function loadNetwork(path: string, registry: DeviceRegistry): Network {
  if (!isJsonNetworkFile(path)) return loadSpiceNetwork(path, registry);
  return withRegisteredTables(parseNetworkJson(readText(path), path), registry);
}

/** Registers the data-driven models whose fitted tables a JSON network carries (`models.NAME.table`). */
function withRegisteredTables(network: Network, registry: DeviceRegistry): Network {
  for (const [name, card] of Object.entries(network.models ?? {})) {
    if (!card.table) continue;
    let model: DeviceModel;
    try {
      model = tableModelFromFit(card.table.fit as unknown as TableFit);
    } catch (err) {
      throw new CircuitError(`model card '${name}': its table.fit is not a usable memflow table fit (${err instanceof Error ? err.message : String(err)}); export the network again from the netlist that fits it`, card.loc);
    }
    if (model.id !== card.device) throw new CircuitError(`model card '${name}': its table fits '${model.id}' but the card names device '${card.device}'`, card.loc);
    if (!registry.get(model.id)) registry.add({ ...model, spice: { letter: 'Y', modelType: 'memristor', level: [`table:${name}`] } });
  }
  return network;
}
