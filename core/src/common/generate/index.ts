export * from './intersect.js';
export * from './nanowire.js';
export * from './grid.js';
export * from './ctd.js';
export * from './variability.js';
export { checkJunction } from './errors.js';
