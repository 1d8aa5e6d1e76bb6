import { open, type FileHandle } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import { CertificationError } from '../errors';

// A small reader for the zip files advisory feeds are published as (osv.dev's `all.zip`): the end of
// central directory record (ZIP64 too), the central directory, then each entry's local header and
// data, stored or deflated. Nothing is written to disk; hostile archives are refused up front.

export interface ZipLimits {
  maxEntries: number;
  /** Largest uncompressed entry. */
  maxEntryBytes: number;
  /** Sum of uncompressed entry sizes. */
  maxTotalBytes: number;
  /** Uncompressed / compressed bytes of one entry, checked for entries over 1 MiB. */
  maxCompressionRatio: number;
  maxNameLength: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2_000_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 16 * 1024 ** 3,
  maxCompressionRatio: 200,
  maxNameLength: 4096,
};

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  size: number;
  crc32: number;
  localOffset: number;
  /** Bytes of the name as stored, to locate the data. */
  nameBytes: number;
  directory: boolean;
}

export interface ZipArchive {
  entries: ZipEntry[];
  /** The entry's uncompressed bytes, checked against its declared size and CRC-32. */
  read(entry: ZipEntry): Promise<Buffer>;
  close(): Promise<void>;
}

function limitExceeded(name: keyof ZipLimits, limit: number, value: number, where: string): CertificationError {
  return new CertificationError('LIMIT_EXCEEDED', `${name} exceeded (${where}): limit ${limit}, got ${value}`, { limit: name, max: limit, value });
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const RATIO_FLOOR = 1024 * 1024;

export const STORED = 0;
export const DEFLATED = 8;

/** Positioned reads; archives up to IN_MEMORY_BYTES are read once and served from memory (one read, not two per entry). */
const IN_MEMORY_BYTES = 256 * 1024 * 1024;

interface Source {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
}

async function sourceOf(fh: FileHandle): Promise<Source> {
  const { size } = await fh.stat();
  if (size <= IN_MEMORY_BYTES) {
    const all = await fh.readFile();
    return { size: all.length, read: async (position, length) => all.subarray(position, Math.min(position + length, all.length)) };
  }
  return {
    size,
    async read(position, length) {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, position);
      return bytesRead === length ? buf : buf.subarray(0, bytesRead);
    },
  };
}

function u64(buf: Buffer, offset: number): number {
  const v = buf.readBigUInt64LE(offset);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

/** Entry names must stay inside the archive: no absolute paths, drive letters, `..`, backslashes or NUL. */
function checkName(name: string, where: string): void {
  const bad =
    name.length === 0 ? 'empty name' :
    name.includes('\0') ? 'NUL in name' :
    name.includes('\\') ? 'backslash in name' :
    name.startsWith('/') ? 'absolute path' :
    /^[A-Za-z]:/.test(name) ? 'drive letter' :
    name.split('/').includes('..') ? 'parent-directory segment' :
    null;
  if (bad) {
    throw new CertificationError('ARCHIVE_INVALID', `${where}: expected relative entry names inside the archive, got ${JSON.stringify(name)} (${bad})`, {
      path: where,
      entry: name,
    });
  }
}

export async function openZip(file: string, overrides: Partial<ZipLimits> = {}): Promise<ZipArchive> {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...overrides };
  const fh = await open(file, 'r');
  try {
    const src = await sourceOf(fh);
    const entries = await readCentralDirectory(src, file, limits);
    return {
      entries,
      read: (entry) => readEntry(src, file, entry, limits),
      close: () => fh.close(),
    };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

async function readCentralDirectory(src: Source, file: string, limits: ZipLimits): Promise<ZipEntry[]> {
  const fail = (why: string) => new CertificationError('ARCHIVE_INVALID', `${file}: expected a zip archive, ${why}`, { path: file });
  const fileSize = src.size;
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await src.read(fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw fail('got no end of central directory record');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) throw fail('got a multi-disk archive');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== SIG_ZIP64_LOCATOR) throw fail('got ZIP64 markers without a ZIP64 locator');
    const z64Offset = u64(tail, locator + 8);
    const z64 = await src.read(z64Offset, 56);
    if (z64.length < 56 || z64.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw fail('got a ZIP64 locator pointing at no ZIP64 record');
    count = u64(z64, 32);
    cdSize = u64(z64, 40);
    cdOffset = u64(z64, 48);
  }
  if (count > limits.maxEntries) throw limitExceeded('maxEntries', limits.maxEntries, count, file);
  if (cdOffset + cdSize > fileSize) throw fail(`got a central directory (offset ${cdOffset}, ${cdSize} bytes) beyond the end of the file (${fileSize} bytes)`);
  // A central directory record is at least 46 bytes; a bigger directory than the count allows is a lie.
  if (cdSize > count * (46 + 0xffff * 3)) throw fail(`got a central directory of ${cdSize} bytes for ${count} entries`);
  const cd = await src.read(cdOffset, cdSize);

  const entries: ZipEntry[] = [];
  let total = 0;
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw fail(`got a damaged central directory at entry ${n}`);
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > cd.length) throw fail(`got a damaged central directory at entry ${n}`);
    const rawName = cd.subarray(p + 46, p + 46 + nameLength);
    const name = rawName.toString(flags & 0x800 ? 'utf8' : 'latin1');
    if (name.length > limits.maxNameLength) throw limitExceeded('maxNameLength', limits.maxNameLength, name.length, file);
    checkName(name, file);

    // ZIP64 extra field: only the fields whose 32-bit value is saturated are present, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const take = () => {
          if (q + 8 > e + 4 + len) throw fail(`got a short ZIP64 extra field for ${JSON.stringify(name)}`);
          const v = u64(cd, q);
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      e += 4 + len;
    }

    if (size > limits.maxEntryBytes) throw limitExceeded('maxEntryBytes', limits.maxEntryBytes, size, `${file}: ${name}`);
    total += size;
    if (total > limits.maxTotalBytes) throw limitExceeded('maxTotalBytes', limits.maxTotalBytes, total, file);
    if (size > RATIO_FLOOR && size / Math.max(compressedSize, 1) > limits.maxCompressionRatio) {
      throw limitExceeded('maxCompressionRatio', limits.maxCompressionRatio, Math.round(size / Math.max(compressedSize, 1)), `${file}: ${name}`);
    }
    entries.push({
      name,
      method,
      encrypted: (flags & 0x1) !== 0,
      compressedSize,
      size,
      crc32: crc,
      localOffset,
      nameBytes: nameLength,
      directory: name.endsWith('/'),
    });
    p = end;
  }

  // Entries that share or overlap their data are how the densest zip bombs work: refuse them.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 0; i < byOffset.length; i++) {
    const a = byOffset[i];
    const next = i + 1 < byOffset.length ? byOffset[i + 1].localOffset : cdOffset;
    if (a.localOffset + 30 + a.nameBytes + a.compressedSize > next) {
      throw fail(`got entry ${JSON.stringify(a.name)} overlapping the next entry or the central directory`);
    }
  }
  return entries;
}

async function readEntry(src: Source, file: string, entry: ZipEntry, limits: ZipLimits): Promise<Buffer> {
  const where = `${file}: ${entry.name}`;
  const fail = (why: string) => new CertificationError('ARCHIVE_INVALID', `${where}: ${why}`, { path: file, entry: entry.name });
  if (entry.encrypted) throw fail('expected an unencrypted entry, got an encrypted one');
  if (entry.method !== STORED && entry.method !== DEFLATED) throw fail(`expected compression method 0 (stored) or 8 (deflate), got ${entry.method}`);
  if (entry.size > limits.maxEntryBytes) throw limitExceeded('maxEntryBytes', limits.maxEntryBytes, entry.size, where);
  const header = await src.read(entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== SIG_LOCAL) throw fail('expected a local file header at the offset the central directory gives');
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const compressed = await src.read(start, entry.compressedSize);
  if (compressed.length !== entry.compressedSize) throw fail(`expected ${entry.compressedSize} bytes of data, got ${compressed.length} (truncated archive)`);
  let data: Buffer;
  if (entry.method === STORED) {
    data = compressed;
  } else {
    try {
      // Never inflate past the declared size: a lying header cannot make us allocate more.
      data = inflateRawSync(compressed, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw fail(`expected at most ${entry.size} bytes after inflating (declared size), got more`);
      throw fail(`expected deflate data, got an error: ${(e as Error).message}`);
    }
  }
  if (data.length !== entry.size) throw fail(`expected ${entry.size} bytes (declared size), got ${data.length}`);
  if ((crc32(data) >>> 0) !== entry.crc32) throw fail(`expected CRC-32 ${entry.crc32.toString(16)}, got ${(crc32(data) >>> 0).toString(16)}`);
  return data;
}
