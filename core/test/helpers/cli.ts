/** Runs the CLI in process through main(), capturing what it prints. */
import { main } from '../../src/node/cli.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
