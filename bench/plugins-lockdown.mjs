#!/usr/bin/env node
// Why plugin arrays get a prototype of their own (core/src/node/plugins/plugin-worker.ts): after SES
// lockdown() freezes the intrinsics, V8 (Node 20) sends indexed stores into a typed array whose
// prototype chain holds a frozen object through its slow generic path. This times one store-and-load
// loop over 4096 doubles, in this process, before lockdown, after it, and after it with the arrays
// re-prototyped the way the plugin worker does. Prints µs per pass; asserts nothing.
import 'ses';

const n = 4096;
const passes = 2000;
// A fresh function per measurement (compiled from text, as a plugin's code is), so no run inherits
// another's type feedback.
const loop = () => new Function('a', 'b', 'n', 'for (let i = 0; i < n; i++) b[i] = a[i] * 2 + 1;');
function time(a, b) {
  const f = loop();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (let k = 0; k < passes; k++) f(a, b, n);
    best = Math.min(best, ((performance.now() - t0) / passes) * 1000);
  }
  return best;
}
const pair = () => [new Float64Array(n).fill(1), new Float64Array(n)];

const before = time(...pair());
lockdown({ errorTaming: 'unsafe', consoleTaming: 'unsafe', overrideTaming: 'moderate' });
const after = time(...pair());
const proto = Object.seal(Object.create(null));
const [a, b] = pair();
Object.setPrototypeOf(a, proto);
Object.setPrototypeOf(b, proto);
const own = time(a, b);
console.log(`typed-array store loop, ${n} doubles, best of 3 × ${passes} passes, node ${process.version}`);
console.log(`  before lockdown                           ${before.toFixed(1)} µs`);
console.log(`  after lockdown (frozen prototypes)        ${after.toFixed(1)} µs   ×${(after / before).toFixed(1)}`);
console.log(`  after lockdown, sealed own prototype      ${own.toFixed(1)} µs   ×${(own / before).toFixed(1)}`);
