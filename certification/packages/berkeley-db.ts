import { CertificationError } from '../errors';

// Values of a Berkeley DB hash database (rpm < 4.16 `Packages`), in page order. Only what rpm writes is
// supported: hash pages with inline or off-page (overflow) items, either byte order, no encryption.
// Values are returned as views into the file when inline, and assembled once when they span pages.

const HASH_MAGIC = 0x061561;
const PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;

export interface BerkeleyEntry {
  key: Buffer;
  value: Buffer;
}

export function* berkeleyHashEntries(file: Buffer, where: string): Generator<BerkeleyEntry> {
  const invalid = (message: string) => new CertificationError('PACKAGE_DB_INVALID', `${where}: ${message}`, { path: where });
  if (file.length < 512) throw invalid(`expected a Berkeley DB hash database (at least 512 bytes), got ${file.length} bytes`);
  let le: boolean;
  if (file.readUInt32LE(12) === HASH_MAGIC) le = true;
  else if (file.readUInt32BE(12) === HASH_MAGIC) le = false;
  else throw invalid(`expected Berkeley DB hash magic 0x061561, got 0x${file.readUInt32LE(12).toString(16)}`);
  const u32 = (buf: Buffer, at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const u16 = (buf: Buffer, at: number) => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));

  const pageSize = u32(file, 20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw invalid(`expected a power-of-two page size 512..65536, got ${pageSize}`);
  if (file[24] !== 0) {
    throw new CertificationError('PACKAGE_DB_UNSUPPORTED', `${where}: encrypted Berkeley DB (algorithm ${file[24]}) is not supported`, { path: where });
  }
  if (file[25] !== P_HASHMETA) throw invalid(`expected a hash metadata page (type 8), got type ${file[25]}`);
  const pages = Math.floor(file.length / pageSize);

  const overflow = (first: number, length: number): Buffer => {
    if (length > file.length) throw invalid(`off-page item of ${length} bytes is larger than the file`);
    const out = Buffer.allocUnsafe(length);
    let filled = 0;
    let next = first;
    while (filled < length) {
      if (next < 1 || next >= pages) throw invalid(`overflow page ${next} is outside the file's ${pages} pages`);
      const page = file.subarray(next * pageSize, (next + 1) * pageSize);
      if (page[25] !== P_OVERFLOW) throw invalid(`page ${next}: expected an overflow page (type 7), got type ${page[25]}`);
      // On overflow pages the "free offset" field holds the number of data bytes on the page.
      const used = u16(page, 22);
      if (used === 0 || PAGE_HEADER + used > pageSize || filled + used > length) throw invalid(`page ${next}: bad overflow length ${used}`);
      page.copy(out, filled, PAGE_HEADER, PAGE_HEADER + used);
      filled += used;
      next = u32(page, 16);
    }
    return out;
  };

  const item = (page: Buffer, pageNo: number, index: number, entries: number): Buffer => {
    const at = u16(page, PAGE_HEADER + index * 2);
    // Items fill the page from the end: item i ends where item i-1 starts.
    const end = index === 0 ? pageSize : u16(page, PAGE_HEADER + (index - 1) * 2);
    if (at < PAGE_HEADER + entries * 2 || at >= end || end > pageSize) throw invalid(`page ${pageNo}: item ${index} at ${at}..${end} is outside the page`);
    const type = page[at];
    if (type === H_KEYDATA) return page.subarray(at + 1, end);
    if (type === H_OFFPAGE) {
      if (at + 12 > end) throw invalid(`page ${pageNo}: off-page item ${index} is truncated`);
      return overflow(u32(page, at + 4), u32(page, at + 8));
    }
    throw new CertificationError('PACKAGE_DB_UNSUPPORTED', `${where}: page ${pageNo}: hash item type ${type} (duplicates) is not supported`, { path: where });
  };

  for (let n = 1; n < pages; n++) {
    const page = file.subarray(n * pageSize, (n + 1) * pageSize);
    const type = page[25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(page, 20);
    if (PAGE_HEADER + entries * 2 > pageSize) throw invalid(`page ${n}: ${entries} entries do not fit a ${pageSize}-byte page`);
    for (let i = 0; i + 1 < entries; i += 2) {
      yield { key: item(page, n, i, entries), value: item(page, n, i + 1, entries) };
    }
  }
}
