import type { Readable } from 'node:stream';

// Where uploads, reports and SBOMs live: one small interface, so a deployment can swap the local
// directory (a shared volume across machines) for object storage without touching callers.
export interface StoredObject {
  key: string;
  size: number;
  modifiedAt: Date;
}

export type StorageBody = Buffer | string | Readable | AsyncIterable<Uint8Array>;

export interface PutOptions {
  /** Refuse (and leave nothing behind) once more than this many bytes arrive. */
  maxBytes?: number;
}

export interface Storage {
  /** Writes atomically: readers see the old object or the complete new one, never a partial file. */
  put(key: string, body: StorageBody, opts?: PutOptions): Promise<StoredObject>;
  get(key: string): Promise<Readable>;
  stat(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  /** A local path for readers that need random access (the engine reads archives in place). */
  localPath(key: string): string;
}

export class StorageError extends Error {
  readonly code: 'INVALID_KEY' | 'NOT_FOUND' | 'TOO_LARGE';
  constructor(code: StorageError['code'], message: string) {
    super(message);
    this.name = 'StorageError';
    this.code = code;
  }
}

const SEGMENT_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Keys are relative paths of safe segments: no `..`, no absolute paths, no hidden or empty parts. */
export function assertSafeKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) {
    throw new StorageError('INVALID_KEY', `expected a storage key of 1–512 characters, got ${typeof key === 'string' ? key.length : typeof key}`);
  }
  const segments = key.split('/');
  for (const s of segments) {
    if (!SEGMENT_RE.test(s) || s === '.' || s === '..' || s.includes('..')) {
      throw new StorageError('INVALID_KEY', `expected a relative key of segments [A-Za-z0-9._-] (no "..", no leading "/" or "."), got "${key}"`);
    }
  }
  return key;
}
