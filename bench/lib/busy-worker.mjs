// A pure CPU job (no memory traffic, no I/O) for the sweep bench's control: if two workers do not
// speed this up, the machine (not the executor) is what limits parallelism.
export default function busy(n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.sqrt(i);
  return s;
}
