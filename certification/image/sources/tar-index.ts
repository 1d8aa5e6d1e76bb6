import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { CertificationError } from '../../errors';

// Image archives (oci-archive, docker-archive) are plain tars of a few dozen members. We index
// member names and data offsets once and then read byte ranges: nothing is extracted, so nothing
// can be written outside a temp dir, and memory stays bounded whatever the layer sizes.
export interface TarMember {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  offset: number;
  size: number;
  linkName?: string;
}

const BLOCK = 512;
const MAX_MEMBERS = 100_000;
const MAX_LINK_DEPTH = 16;
const MAX_META_BYTES = 1024 * 1024;

function fail(file: string, message: string): CertificationError {
  return new CertificationError('ARCHIVE_INVALID', `${file}: ${message}`, { file });
}

function cString(buf: Buffer, start: number, length: number): string {
  const slice = buf.subarray(start, start + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? slice.length : nul).toString('utf8');
}

function parseNumber(buf: Buffer, start: number, length: number): number | undefined {
  const field = buf.subarray(start, start + length);
  if ((field[0]! & 0x80) !== 0) {
    // GNU base-256 for values that do not fit in octal.
    let v = 0;
    for (let i = 1; i < field.length; i++) v = v * 256 + field[i]!;
    return Number.isSafeInteger(v) ? v : undefined;
  }
  const text = cString(buf, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return undefined;
  return parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  const stored = parseNumber(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return stored === sum;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const len = Number(data.subarray(pos, space).toString('ascii'));
    if (!Number.isInteger(len) || len <= 0 || pos + len > data.length) break;
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

/** Normalizes a member name; refuses absolute names and `..` so no member can name a place outside. */
export function normalizeMemberName(name: string, file: string): string {
  if (name.startsWith('/')) throw fail(file, `expected relative member names, got absolute "${name}"`);
  const parts: string[] = [];
  for (const p of name.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') throw fail(file, `expected member names inside the archive, got "${name}" (contains "..")`);
    parts.push(p);
  }
  return parts.join('/');
}

export class TarIndex {
  readonly file: string;
  private readonly members = new Map<string, TarMember>();

  private constructor(file: string) {
    this.file = file;
  }

  static async open(file: string, signal?: AbortSignal): Promise<TarIndex> {
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch (e) {
      throw fail(file, `expected a readable archive file, got ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      const index = new TarIndex(file);
      await index.scan(fh, signal);
      return index;
    } finally {
      await fh.close();
    }
  }

  private async scan(fh: FileHandle, signal?: AbortSignal): Promise<void> {
    const { size: fileSize } = await fh.stat();
    const header = Buffer.alloc(BLOCK);
    let pos = 0;
    let longName: string | undefined;
    let longLink: string | undefined;
    let pax: Record<string, string> = {};
    const readMeta = async (offset: number, size: number): Promise<Buffer> => {
      if (size > MAX_META_BYTES) throw fail(this.file, `expected a metadata header under ${MAX_META_BYTES} bytes, got ${size}`);
      const buf = Buffer.alloc(size);
      await fh.read(buf, 0, size, offset);
      return buf;
    };
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await fh.read(header, 0, BLOCK, pos);
      if (bytesRead === 0) break;
      if (pos === 0) {
        if (header[0] === 0x1f && header[1] === 0x8b) throw fail(this.file, 'expected an uncompressed tar, got gzip data (decompress it first)');
        if (bytesRead >= 4 && header.readUInt32LE(0) === 0xfd2fb528) throw fail(this.file, 'expected an uncompressed tar, got zstd data (decompress it first)');
      }
      if (bytesRead < BLOCK) throw fail(this.file, `expected a 512-byte header at offset ${pos}, got ${bytesRead} bytes (truncated)`);
      if (header.every((b) => b === 0)) break;
      if (!checksumOk(header)) throw fail(this.file, `expected a valid tar header checksum at offset ${pos}, got a mismatch (not a tar, or corrupt)`);
      const size = parseNumber(header, 124, 12);
      if (size === undefined) throw fail(this.file, `expected an octal size in the header at offset ${pos}`);
      const dataOffset = pos + BLOCK;
      if (dataOffset + size > fileSize) {
        throw fail(this.file, `expected ${size} bytes of data at offset ${dataOffset}, got ${Math.max(0, fileSize - dataOffset)} (truncated)`);
      }
      const typeflag = String.fromCharCode(header[156] || 0x30);
      pos = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
      if (typeflag === 'L') {
        longName = cString(await readMeta(dataOffset, size), 0, size);
        continue;
      }
      if (typeflag === 'K') {
        longLink = cString(await readMeta(dataOffset, size), 0, size);
        continue;
      }
      if (typeflag === 'x') {
        pax = parsePax(await readMeta(dataOffset, size));
        continue;
      }
      if (typeflag === 'g') continue;
      const prefix = cString(header, 345, 155);
      const rawName = pax.path ?? longName ?? (prefix ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100));
      const linkName = pax.linkpath ?? longLink ?? cString(header, 157, 100);
      const paxSize = pax.size !== undefined ? Number(pax.size) : undefined;
      pax = {};
      longName = undefined;
      longLink = undefined;
      const type: TarMember['type'] =
        typeflag === '0' || typeflag === '7'
          ? 'file'
          : typeflag === '5'
            ? 'directory'
            : typeflag === '2'
              ? 'symlink'
              : typeflag === '1'
                ? 'hardlink'
                : 'other';
      const name = normalizeMemberName(rawName, this.file);
      if (paxSize !== undefined && paxSize !== size) {
        throw fail(this.file, `member "${name}": PAX size ${paxSize} disagrees with header size ${size} (not supported)`);
      }
      if (this.members.size >= MAX_MEMBERS) throw fail(this.file, `expected at most ${MAX_MEMBERS} members, got more`);
      const member: TarMember = { name, type, offset: dataOffset, size };
      if (type === 'symlink' || type === 'hardlink') member.linkName = linkName;
      this.members.set(name, member);
    }
  }

  names(): string[] {
    return [...this.members.keys()];
  }

  /** The regular-file member at `name`, following links that stay inside the archive. */
  resolve(name: string): TarMember | undefined {
    let current = normalizeMemberName(name, this.file);
    for (let depth = 0; depth <= MAX_LINK_DEPTH; depth++) {
      const m = this.members.get(current);
      if (!m) return undefined;
      if (m.type === 'file') return m;
      if (m.type !== 'symlink' && m.type !== 'hardlink') {
        throw fail(this.file, `member "${name}": expected a regular file, got a ${m.type}`);
      }
      const target = m.linkName ?? '';
      if (target.startsWith('/')) throw fail(this.file, `member "${m.name}": expected a link inside the archive, got absolute "${target}"`);
      const joined = m.type === 'symlink' ? path.posix.join(path.posix.dirname(m.name), target) : path.posix.normalize(target);
      if (joined === '..' || joined.startsWith('../')) {
        throw fail(this.file, `member "${m.name}": expected a link inside the archive, got "${target}" pointing outside`);
      }
      current = normalizeMemberName(joined, this.file);
    }
    throw fail(this.file, `member "${name}": expected at most ${MAX_LINK_DEPTH} links in a chain, got more (a loop?)`);
  }

  async read(name: string, maxBytes: number): Promise<Buffer | undefined> {
    const m = this.resolve(name);
    if (!m) return undefined;
    if (m.size > maxBytes) {
      throw new CertificationError('LIMIT_EXCEEDED', `maxManifestBytes exceeded (${this.file}:${name}): limit ${maxBytes}, got ${m.size}`, {
        limit: 'maxManifestBytes',
        max: maxBytes,
        value: m.size,
      });
    }
    const fh = await open(this.file, 'r');
    try {
      const buf = Buffer.alloc(m.size);
      await fh.read(buf, 0, m.size, m.offset);
      return buf;
    } finally {
      await fh.close();
    }
  }

  stream(name: string, signal?: AbortSignal): AsyncIterable<Buffer> | undefined {
    const m = this.resolve(name);
    if (!m) return undefined;
    if (m.size === 0) return (async function* () {})();
    return createReadStream(this.file, { start: m.offset, end: m.offset + m.size - 1, highWaterMark: 1024 * 1024, signal });
  }
}
