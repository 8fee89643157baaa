export * from './common/network/types.js';
export * from './common/solver/index.js';
export * from './common/compiler/index.js';
export * from './common/netlist/index.js';
export * from './common/network/index.js';
export * from './common/plot/svg.js';
export * from './common/characterise/index.js';
export * from './common/runtime/index.js';
