import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeKey, StorageError, type PutOptions, type Storage, type StorageBody, type StoredObject } from './storage';

// Storage in a local directory. Writes go to a temp file in the same directory tree and are renamed
// into place, so a crash or an aborted upload never leaves a partial object under its key.
export class LocalStorage implements Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  localPath(key: string): string {
    const full = path.join(this.root, assertSafeKey(key));
    // Defence in depth: the key check already forbids escaping the root.
    if (!full.startsWith(this.root + path.sep)) throw new StorageError('INVALID_KEY', `key "${key}" resolves outside the storage root`);
    return full;
  }

  async put(key: string, body: StorageBody, opts: PutOptions = {}): Promise<StoredObject> {
    const target = this.localPath(key);
    const tmpDir = path.join(this.root, '.tmp');
    await mkdir(tmpDir, { recursive: true });
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(tmpDir, `${randomBytes(8).toString('hex')}.part`);
    let bytes = 0;
    const limit = opts.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (limit !== undefined && bytes > limit) {
          done(new StorageError('TOO_LARGE', `expected at most ${limit} bytes, got more`));
          return;
        }
        done(null, chunk);
      },
    });
    const source = typeof body === 'string' || Buffer.isBuffer(body) ? Readable.from([Buffer.from(body)]) : Readable.from(body);
    try {
      await pipeline(source, counter, createWriteStream(tmp, { mode: 0o600 }));
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    return { key, size: bytes, modifiedAt: new Date() };
  }

  async get(key: string): Promise<Readable> {
    const file = this.localPath(key);
    if (!(await this.stat(key))) throw new StorageError('NOT_FOUND', `no stored object "${key}"`);
    return createReadStream(file);
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const s = await stat(this.localPath(key));
      return s.isFile() ? { key, size: s.size, modifiedAt: s.mtime } : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }
}
