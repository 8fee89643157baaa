export * from './intersect.js';
export * from './nanowire.js';
