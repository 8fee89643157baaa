// A real piscina worker that misbehaves on request: hangs (a busy loop no message can interrupt),
// throws, or ends its thread with process.exit; otherwise it squares its input.
export default function faultWorker(input) {
  if (input.do === 'hang') for (;;);
  if (input.do === 'throw') throw new Error(`job asked to throw (${input.x})`);
  if (input.do === 'exit') process.exit(3);
  return input.x * input.x;
}
