/**
 * Checkpoint files: `MEMFLOW-CHECKPOINT\n`, a 4-byte little-endian header length, a JSON header, then
 * the workload snapshot in V8's structured-clone serialisation (typed arrays keep every bit). The
 * header carries the payload's SHA-256, the session's spec hash and the sample count, and every one of
 * them is checked before a resume uses the file: a truncated, corrupted or foreign checkpoint is an
 * error, never a silent wrong resume.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { WorkloadSnapshot } from '../../common/session/workload.js';
import { writeFileAtomic } from './files.js';

const MAGIC = Buffer.from('MEMFLOW-CHECKPOINT\n');
export const CHECKPOINT_FORMAT = 1;

export interface CheckpointHeader {
  readonly format: number;
  readonly kind: string;
  readonly specHash: string;
  /** Samples done when the checkpoint was taken. */
  readonly samples: number;
  readonly simTime: number;
  readonly payloadBytes: number;
  readonly sha256: string;
}

/** A checkpoint file that cannot be used; the message names the file and what is wrong. */
export class CheckpointError extends Error {}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function encodeCheckpoint(snapshot: WorkloadSnapshot, meta: { specHash: string; samples: number; simTime: number }): { bytes: Buffer; header: CheckpointHeader } {
  const payload = serialize(snapshot);
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    kind: snapshot.kind,
    specHash: meta.specHash,
    samples: meta.samples,
    simTime: meta.simTime,
    payloadBytes: payload.length,
    sha256: sha256(payload),
  };
  const head = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  return { bytes: Buffer.concat([MAGIC, len, head, payload]), header };
}

/** Writes atomically; the caller syncs the directory before indexing the file. */
export function writeCheckpoint(file: string, bytes: Uint8Array): void {
  writeFileAtomic(file, bytes, 'file');
}

/** Reads and verifies a checkpoint against what the session's database says it should be. */
export function readCheckpoint(file: string, expect: { specHash: string; samples: number; sha256?: string; kind: string }): { header: CheckpointHeader; snapshot: WorkloadSnapshot } {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw new CheckpointError(`checkpoint ${file} cannot be read: ${(err as Error).message}`);
  }
  const bad = (what: string) => new CheckpointError(`checkpoint ${file} ${what}`);
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw bad('is not a memflow checkpoint (bad magic bytes: truncated or overwritten)');
  const headLen = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (start + headLen > buf.length) throw bad(`is truncated (header of ${headLen} bytes, file of ${buf.length})`);
  let header: CheckpointHeader;
  try {
    header = JSON.parse(buf.subarray(start, start + headLen).toString('utf8')) as CheckpointHeader;
  } catch {
    throw bad('has a corrupt header');
  }
  if (header.format !== CHECKPOINT_FORMAT) throw bad(`has format ${header.format}; this memflow reads checkpoint format ${CHECKPOINT_FORMAT}`);
  const payload = buf.subarray(start + headLen);
  if (payload.length !== header.payloadBytes) throw bad(`is truncated: payload of ${payload.length} bytes, its header says ${header.payloadBytes}`);
  const digest = sha256(payload);
  if (digest !== header.sha256) throw bad('is corrupt: its payload does not match its SHA-256');
  if (expect.sha256 !== undefined && expect.sha256 !== header.sha256) throw bad('is not the file the session database recorded (SHA-256 differs)');
  if (header.specHash !== expect.specHash) throw bad("belongs to a different session spec (spec hash differs from the session's)");
  if (header.kind !== expect.kind) throw bad(`holds a '${header.kind}' workload; the session runs '${expect.kind}'`);
  if (header.samples !== expect.samples) throw bad(`is at sample ${header.samples}; the session database recorded ${expect.samples}`);
  let snapshot: WorkloadSnapshot;
  try {
    snapshot = deserialize(payload) as WorkloadSnapshot;
  } catch (err) {
    throw bad(`cannot be decoded: ${(err as Error).message}`);
  }
  return { header, snapshot };
}
