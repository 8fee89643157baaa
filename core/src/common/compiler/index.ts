export * from './registry.js';
export * from './spice-to-network.js';
