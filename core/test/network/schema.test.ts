/**
 * The committed JSON Schema must be what the validator generates. `UPDATE_SCHEMA=1` (or
 * `node scripts/gen-schema.mjs`) rewrites the file instead of comparing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NETWORK_SCHEMA_ID, networkJsonSchema } from '../../src/common/network/schema.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../schema/memflow.network.v1.schema.json', import.meta.url));

describe('memflow.network/v1 JSON Schema', () => {
  const generated = networkJsonSchema();

  it('is published with its id, title and description', () => {
    expect(generated.$id).toBe(NETWORK_SCHEMA_ID);
    expect(generated.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(generated.title).toBe('memflow network');
    expect(typeof generated.description).toBe('string');
    expect(generated.additionalProperties).toBe(false);
  });

  it('matches the committed file', () => {
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, `${JSON.stringify(generated, null, 2)}\n`);
    const committed: unknown = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(committed, 'run `node scripts/gen-schema.mjs` to regenerate').toEqual(generated);
  });
});
