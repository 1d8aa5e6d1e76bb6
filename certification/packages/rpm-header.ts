import { CertificationError } from '../errors';
import type { DigestAlgorithm, InstalledPackage, PackageFile, PackageFileFlag, ReadPackagesOptions } from './types';

// An rpm header as stored in an rpmdb row: int32 index count, int32 data length, then 16-byte index
// entries (tag, type, offset, count; big-endian) and the data store. Every offset and count is checked
// against the blob before use, so a hostile header fails cleanly instead of allocating or overrunning.

export const RPMTAG = {
  HEADERIMMUTABLE: 63,
  SIGMD5: 261,
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  SUMMARY: 1004,
  SIZE: 1009,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  FILESIZES: 1028,
  FILEMODES: 1030,
  FILEDIGESTS: 1035,
  FILEFLAGS: 1037,
  FILEUSERNAME: 1039,
  FILEGROUPNAME: 1040,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  LONGFILESIZES: 5008,
  LONGSIZE: 5009,
  FILEDIGESTALGO: 5011,
  MODULARITYLABEL: 5096,
} as const;

const enum Type {
  Null = 0,
  Char = 1,
  Int8 = 2,
  Int16 = 3,
  Int32 = 4,
  Int64 = 5,
  String = 6,
  Bin = 7,
  StringArray = 8,
  I18nString = 9,
}

const FIXED_SIZE: Record<number, number> = { [Type.Char]: 1, [Type.Int8]: 1, [Type.Int16]: 2, [Type.Int32]: 4, [Type.Int64]: 8, [Type.Bin]: 1 };

// rpm's own ceilings (hdrchkTags / hdrchkData) are looser; no real header comes near these.
const MAX_INDEX_ENTRIES = 0x10000;
const MAX_DATA_BYTES = 256 * 1024 * 1024;

interface Entry {
  tag: number;
  type: number;
  offset: number;
  count: number;
}

export class RpmHeader {
  private readonly entries = new Map<number, Entry>();
  private readonly data: Buffer;

  constructor(blob: Buffer, private readonly where: string) {
    if (blob.length < 8) throw this.invalid(`expected at least 8 bytes of header, got ${blob.length}`);
    const il = blob.readUInt32BE(0);
    const dl = blob.readUInt32BE(4);
    if (il < 1 || il > MAX_INDEX_ENTRIES) throw this.invalid(`expected 1..${MAX_INDEX_ENTRIES} index entries, got ${il}`);
    if (dl > MAX_DATA_BYTES) throw this.invalid(`expected at most ${MAX_DATA_BYTES} data bytes, got ${dl}`);
    const dataStart = 8 + il * 16;
    if (dataStart + dl > blob.length) {
      throw this.invalid(`expected ${dataStart + dl} bytes for ${il} entries and ${dl} data bytes, got ${blob.length}`);
    }
    this.data = blob.subarray(dataStart, dataStart + dl);
    // Entries after the immutable region (the "dribble") replace same-tag entries, as rpm merges them.
    for (let i = 0; i < il; i++) {
      const at = 8 + i * 16;
      const e: Entry = {
        tag: blob.readUInt32BE(at),
        type: blob.readUInt32BE(at + 4),
        offset: blob.readInt32BE(at + 8),
        count: blob.readUInt32BE(at + 12),
      };
      if (e.type > Type.I18nString) throw this.invalid(`tag ${e.tag}: expected a type 0..9, got ${e.type}`);
      if (e.offset < 0 || e.offset > dl) throw this.invalid(`tag ${e.tag}: offset ${e.offset} outside the ${dl}-byte data store`);
      if (e.count > dl) throw this.invalid(`tag ${e.tag}: count ${e.count} larger than the ${dl}-byte data store`);
      const fixed = FIXED_SIZE[e.type];
      if (fixed !== undefined && e.offset + fixed * e.count > dl) {
        throw this.invalid(`tag ${e.tag}: ${e.count} values of ${fixed} bytes at ${e.offset} overrun the ${dl}-byte data store`);
      }
      this.entries.set(e.tag, e);
    }
  }

  private invalid(message: string): CertificationError {
    return new CertificationError('PACKAGE_DB_INVALID', `rpm header in ${this.where}: ${message}`, { path: this.where });
  }

  has(tag: number): boolean {
    return this.entries.has(tag);
  }

  private strings(e: Entry): string[] {
    const out: string[] = [];
    let at = e.offset;
    for (let i = 0; i < e.count; i++) {
      const end = this.data.indexOf(0, at);
      if (end < 0) throw this.invalid(`tag ${e.tag}: string ${i} has no terminating NUL`);
      out.push(this.data.toString('utf8', at, end));
      at = end + 1;
    }
    return out;
  }

  string(tag: number): string | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== Type.String && e.type !== Type.I18nString && e.type !== Type.StringArray) {
      throw this.invalid(`tag ${tag}: expected a string, got type ${e.type}`);
    }
    if (e.count === 0) return undefined;
    return this.strings({ ...e, count: 1 })[0];
  }

  stringArray(tag: number): string[] | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== Type.StringArray && e.type !== Type.I18nString && e.type !== Type.String) {
      throw this.invalid(`tag ${tag}: expected a string array, got type ${e.type}`);
    }
    return this.strings(e);
  }

  numbers(tag: number): number[] | undefined {
    const e = this.entries.get(tag);
    return e ? this.readNumbers(e, e.count) : undefined;
  }

  number(tag: number): number | undefined {
    const e = this.entries.get(tag);
    return e && e.count > 0 ? this.readNumbers(e, 1)[0] : undefined;
  }

  private readNumbers(e: Entry, count: number): number[] {
    const out = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      switch (e.type) {
        case Type.Char:
        case Type.Int8:
          out[i] = this.data[e.offset + i];
          break;
        case Type.Int16:
          out[i] = this.data.readUInt16BE(e.offset + i * 2);
          break;
        case Type.Int32:
          out[i] = this.data.readUInt32BE(e.offset + i * 4);
          break;
        case Type.Int64:
          out[i] = Number(this.data.readBigUInt64BE(e.offset + i * 8));
          break;
        default:
          throw this.invalid(`tag ${e.tag}: expected integers, got type ${e.type}`);
      }
    }
    return out;
  }

  binary(tag: number): Buffer | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== Type.Bin) throw this.invalid(`tag ${tag}: expected binary, got type ${e.type}`);
    return this.data.subarray(e.offset, e.offset + e.count);
  }
}

const FILE_FLAG_BITS: [number, PackageFileFlag][] = [
  [1 << 0, 'config'],
  [1 << 1, 'doc'],
  [1 << 2, 'icon'],
  [1 << 3, 'missingok'],
  [1 << 4, 'noreplace'],
  [1 << 5, 'specfile'],
  [1 << 6, 'ghost'],
  [1 << 7, 'license'],
  [1 << 8, 'readme'],
  [1 << 11, 'pubkey'],
  [1 << 12, 'artifact'],
];

export function rpmFileFlags(bits: number): PackageFileFlag[] {
  return FILE_FLAG_BITS.filter(([bit]) => (bits & bit) !== 0).map(([, name]) => name);
}

// PGPHASHALGO_* values; rpm defaults to MD5 when FILEDIGESTALGO is absent.
const DIGEST_ALGOS: Record<number, DigestAlgorithm> = { 1: 'md5', 2: 'sha1', 8: 'sha256', 9: 'sha384', 10: 'sha512', 11: 'sha224' };

/** `name-version-release.src.rpm` → name and version-release. */
export function splitSourceRpm(sourceRpm: string): { name: string; version: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(sourceRpm);
  return m ? { name: m[1], version: `${m[2]}-${m[3]}` } : undefined;
}

function readFiles(h: RpmHeader, where: string): PackageFile[] {
  const invalid = (message: string) =>
    new CertificationError('PACKAGE_DB_INVALID', `rpm header in ${where}: ${message}`, { path: where });
  let paths: string[];
  const basenames = h.stringArray(RPMTAG.BASENAMES);
  if (basenames) {
    const dirnames = h.stringArray(RPMTAG.DIRNAMES) ?? [];
    const dirindexes = h.numbers(RPMTAG.DIRINDEXES) ?? [];
    if (dirindexes.length !== basenames.length) {
      throw invalid(`expected ${basenames.length} DIRINDEXES (one per BASENAMES entry), got ${dirindexes.length}`);
    }
    paths = basenames.map((base, i) => {
      const dir = dirnames[dirindexes[i]];
      if (dir === undefined) throw invalid(`DIRINDEXES[${i}] = ${dirindexes[i]} is outside the ${dirnames.length} DIRNAMES`);
      return dir + base;
    });
  } else {
    paths = h.stringArray(RPMTAG.OLDFILENAMES) ?? [];
  }
  const n = paths.length;
  const column = <T>(values: T[] | undefined, tag: string): T[] | undefined => {
    if (values && values.length !== n) throw invalid(`expected ${n} ${tag} entries (one per file), got ${values.length}`);
    return values;
  };
  const digests = column(h.stringArray(RPMTAG.FILEDIGESTS), 'FILEDIGESTS');
  const modes = column(h.numbers(RPMTAG.FILEMODES), 'FILEMODES');
  const sizes = column(h.numbers(RPMTAG.LONGFILESIZES) ?? h.numbers(RPMTAG.FILESIZES), 'FILESIZES');
  const flags = column(h.numbers(RPMTAG.FILEFLAGS), 'FILEFLAGS');
  const users = column(h.stringArray(RPMTAG.FILEUSERNAME), 'FILEUSERNAME');
  const groups = column(h.stringArray(RPMTAG.FILEGROUPNAME), 'FILEGROUPNAME');
  const algoNumber = h.number(RPMTAG.FILEDIGESTALGO) ?? 1;
  const digestAlgo = DIGEST_ALGOS[algoNumber];
  if (digests && !digestAlgo) throw invalid(`expected a known FILEDIGESTALGO, got ${algoNumber}`);
  return paths.map((path, i) => {
    const file: PackageFile = { path };
    if (digests && digests[i] !== '') {
      file.digest = digests[i].toLowerCase();
      file.digestAlgo = digestAlgo;
    }
    if (modes) file.mode = modes[i];
    if (sizes) file.size = sizes[i];
    if (users) file.user = users[i];
    if (groups) file.group = groups[i];
    if (flags) file.flags = rpmFileFlags(flags[i]);
    return file;
  });
}

/** Turns one rpmdb header blob into an InstalledPackage. `where` names the database for errors. */
export function readRpmHeader(blob: Buffer, where: string, options: ReadPackagesOptions = {}): InstalledPackage {
  const h = new RpmHeader(blob, where);
  const name = h.string(RPMTAG.NAME);
  const version = h.string(RPMTAG.VERSION);
  if (!name || version === undefined) {
    throw new CertificationError('PACKAGE_DB_INVALID', `rpm header in ${where}: expected NAME and VERSION tags, got ${name ? 'no VERSION' : 'no NAME'}`, {
      path: where,
    });
  }
  const pkg: InstalledPackage = { manager: 'rpm', name, version };
  const set = <K extends keyof InstalledPackage>(key: K, value: InstalledPackage[K] | undefined) => {
    if (value !== undefined && value !== '') pkg[key] = value;
  };
  set('epoch', h.number(RPMTAG.EPOCH));
  set('release', h.string(RPMTAG.RELEASE));
  set('arch', h.string(RPMTAG.ARCH));
  // Imported public keys (gpg-pubkey) carry rpm's "(none)" placeholder instead of a source package.
  const rawSourceRpm = h.string(RPMTAG.SOURCERPM);
  const sourceRpm = rawSourceRpm === '(none)' ? undefined : rawSourceRpm;
  set('sourceRpm', sourceRpm);
  const source = sourceRpm ? splitSourceRpm(sourceRpm) : undefined;
  set('sourceName', source?.name);
  set('sourceVersion', source?.version);
  set('vendor', h.string(RPMTAG.VENDOR));
  set('license', h.string(RPMTAG.LICENSE));
  set('summary', h.string(RPMTAG.SUMMARY));
  set('size', h.number(RPMTAG.LONGSIZE) ?? h.number(RPMTAG.SIZE));
  set('modularityLabel', h.string(RPMTAG.MODULARITYLABEL));
  set('sigmd5', h.binary(RPMTAG.SIGMD5)?.toString('hex'));
  if (options.files !== false) pkg.files = readFiles(h, `${where} (package ${name})`);
  return pkg;
}
