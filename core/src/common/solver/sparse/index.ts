/**
 * Sparse direct solver for MNA matrices (KLU-style). Typical use in a Newton loop:
 *
 *   const lu = new SparseLU(pattern);   // ordering: once per topology
 *   lu.refactor(jacobianValues);        // first call factors, later ones reuse the pivot sequence
 *   lu.solve(rhs);                      // rhs becomes the Newton step
 *
 * Pure TypeScript on typed arrays: no Node or DOM APIs, so it runs in browsers and workers as well.
 */
export { validatePattern, patternNnz, type CscPattern } from './pattern.js';
export { SingularMatrixError } from './errors.js';
export { SparseLU, type SparseLUOptions, type SparseLUStats } from './lu.js';
export type { LUFactorsState } from './factors.js';
export { computeOrdering, type Ordering, type OrderingMethod } from './ordering.js';
export { blockTriangularForm, type BlockTriangularForm } from './btf.js';
export { maximumTransversal, type Matching } from './matching.js';
export { amdOrder } from './amd.js';
