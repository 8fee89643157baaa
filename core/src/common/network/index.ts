export * from './types.js';
export { NetworkError, type Locator, type NetworkPath } from './errors.js';
export { networkSchema, networkJsonSchema, NETWORK_SCHEMA_ID } from './schema.js';
export { parseNetworkJson, validateNetworkJson, type NetworkJsonResult } from './validate.js';
export { checkNetwork } from './semantic.js';
export { checkAgainstDevices, type DeviceCheckOptions } from './device-check.js';
export { parseOutput, resolveStateTarget, OUTPUT_SYNTAX, type OutputVar } from './outputs.js';
export { writeSpice } from './spice-writer.js';
