/** Durable file writes: write a temporary file, fsync it, rename it into place, fsync the directory. */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * After a crash the file is either absent or complete, never partial. `sync`: 'all' syncs the file
 * and then its directory (the rename); 'file' leaves the directory to the caller (one sync for several
 * files); 'none' is for advisory files such as status.json, where an old version after a power cut is fine.
 */
export function writeFileAtomic(file: string, data: Uint8Array | string, sync: 'all' | 'file' | 'none' = 'all'): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    if (sync !== 'none') fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  if (sync === 'all') fsyncDir(dirname(file));
}
