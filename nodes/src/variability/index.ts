export { withVariability, variableParams, type Distribution, type SigmaSpec, type VariabilitySpec } from './variability.js';
export { philox4x32, streamId, draw, uniform, normal, timeCounter } from './prng.js';
export { staircase } from './quantise.js';
