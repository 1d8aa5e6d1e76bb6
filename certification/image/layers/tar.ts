import { CertificationError } from '../../errors';
import { limitExceeded, type ImageLimits } from '../limits';
import type { EntryType } from '../types';

export type TarFormat = 'v7' | 'ustar' | 'gnu' | 'pax';

export interface TarHeader {
  /** Path as written (after PAX `path` / GNU long name / ustar prefix), not normalized. */
  name: string;
  /** The name bytes were not valid UTF-8 and were decoded as latin1. */
  nonUtf8Name: boolean;
  linkName?: string;
  nonUtf8LinkName: boolean;
  /** `unsupported` covers sparse files, volume labels and unknown type flags: their data is skipped. */
  type: EntryType | 'unsupported';
  typeFlag: string;
  mode: number;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
  size: number;
  mtime: number;
  devMajor?: number;
  devMinor?: number;
  xattrs?: Record<string, Buffer>;
  format: TarFormat;
  /** Byte offset of the header block in the uncompressed tar, for messages. */
  offset: number;
}

export interface TarHandler {
  entry(header: TarHeader): void;
  /** A view into the input chunk: copy it to keep it past this call. Only for types with content. */
  data(chunk: Buffer): void;
  entryEnd(): void;
}

export interface TarParserOptions {
  limits: Pick<ImageLimits, 'maxPaxHeaderBytes' | 'maxPathLength'>;
  /** Names the layer in errors. */
  where: string;
}

const BLOCK = 512;
const utf8 = new TextDecoder('utf-8', { fatal: true });

type State = 'header' | 'data' | 'meta' | 'padding' | 'zero' | 'end';

interface PaxValues {
  path?: { value: string; nonUtf8: boolean };
  linkpath?: { value: string; nonUtf8: boolean };
  size?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  mtime?: number;
  xattrs?: Record<string, Buffer>;
}

/**
 * A streaming tar parser: push chunks with `write()`, it calls the handler for each entry's header,
 * its content chunks and its end. Only PAX and GNU long-name records are buffered (bounded by the
 * limits); file content is passed through as views into the input.
 */
export class TarParser {
  private state: State = 'header';
  private readonly block = Buffer.alloc(BLOCK);
  private blockHave = 0;
  private remaining = 0;
  private padding = 0;
  private offset = 0;
  private metaType = '';
  private metaParts: Buffer[] = [];
  private metaOffset = 0;
  private longName?: { value: string; nonUtf8: boolean };
  private longLink?: { value: string; nonUtf8: boolean };
  private pax?: PaxValues;
  private globalPax: PaxValues = {};
  private current?: TarHeader;
  private entryCount = 0;
  private readonly where: string;

  constructor(
    private readonly handler: TarHandler,
    private readonly opts: TarParserOptions,
  ) {
    this.where = opts.where;
  }

  get entries(): number {
    return this.entryCount;
  }

  write(chunk: Buffer): void {
    let i = 0;
    const len = chunk.length;
    while (i < len) {
      switch (this.state) {
        case 'header':
        case 'zero': {
          if (this.blockHave === 0 && len - i >= BLOCK) {
            const at = this.offset + i;
            i += BLOCK;
            this.onBlock(chunk.subarray(i - BLOCK, i), at);
          } else {
            const n = Math.min(BLOCK - this.blockHave, len - i);
            chunk.copy(this.block, this.blockHave, i, i + n);
            this.blockHave += n;
            i += n;
            if (this.blockHave === BLOCK) {
              this.blockHave = 0;
              this.onBlock(this.block, this.offset + i - BLOCK);
            }
          }
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, len - i);
          this.handler.data(chunk.subarray(i, i + n));
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) this.finishEntry();
          break;
        }
        case 'meta': {
          const n = Math.min(this.remaining, len - i);
          this.metaParts.push(Buffer.from(chunk.subarray(i, i + n)));
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) this.finishMeta();
          break;
        }
        case 'padding': {
          const n = Math.min(this.padding, len - i);
          i += n;
          this.padding -= n;
          if (this.padding === 0) this.state = 'header';
          break;
        }
        case 'end':
          // Data after the end-of-archive marker (record padding) is read, for the digest, and ignored.
          i = len;
          break;
      }
    }
    this.offset += len;
  }

  /** The input ended: fine at an entry boundary or after the end marker, an error anywhere else. */
  end(): void {
    const at = `${this.where}, at byte ${this.offset}`;
    if (this.state === 'data' || this.state === 'meta') {
      const name = this.current?.name ?? `${this.metaType} record`;
      throw new CertificationError(
        'TAR_INVALID',
        `${at}: entry "${name}" declares more content than the layer holds (expected ${this.remaining} more bytes, got end of data)`,
        { path: this.current?.name },
      );
    }
    if (this.blockHave !== 0) {
      throw new CertificationError(
        'TAR_INVALID',
        `${at}: tar header is truncated (expected 512 bytes, got ${this.blockHave})`,
      );
    }
    if (this.state === 'padding' && this.padding > 0) {
      throw new CertificationError('TAR_INVALID', `${at}: expected ${this.padding} more bytes of block padding, got end of data`);
    }
    if (this.pax || this.longName || this.longLink) {
      throw new CertificationError('TAR_INVALID', `${at}: expected an entry after a PAX or GNU long-name record, got end of data`);
    }
  }

  private onBlock(b: Buffer, at: number): void {
    if (isZeroBlock(b)) {
      // Two zero blocks end the archive; one zero block then end of data is accepted too.
      this.state = this.state === 'zero' ? 'end' : 'zero';
      return;
    }
    if (this.state === 'zero') {
      throw new CertificationError(
        'TAR_INVALID',
        `${this.where}, at byte ${at}: expected a second zero block (end of archive), got a header after a lone zero block`,
      );
    }
    this.parseHeader(b, at);
  }

  private fail(at: number, message: string, path?: string): CertificationError {
    return new CertificationError('TAR_INVALID', `${this.where}, at byte ${at}${path ? `, entry "${path}"` : ''}: ${message}`, {
      offset: at,
      path,
    });
  }

  private parseHeader(b: Buffer, at: number): void {
    const rawName = field(b, 0, 100);
    const stored = this.number(b, 148, 8, at, 'checksum', rawName);
    let sum = 256; // the checksum field itself counts as eight spaces
    for (let k = 0; k < 148; k++) sum += b[k]!;
    for (let k = 156; k < BLOCK; k++) sum += b[k]!;
    if (stored !== sum && stored !== signedChecksum(b)) {
      throw this.fail(at, `bad header checksum (expected ${stored}, computed ${sum})`, decodeName(rawName).value);
    }
    const format: TarFormat =
      b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72
        ? b[262] === 0 ? 'ustar' : b[262] === 0x20 ? 'gnu' : 'v7'
        : 'v7';
    const typeFlag = b[156] === 0 ? '0' : String.fromCharCode(b[156]!);
    let size = this.number(b, 124, 12, at, 'size', rawName);

    if (typeFlag === 'x' || typeFlag === 'g') {
      if (size > this.opts.limits.maxPaxHeaderBytes) {
        throw limitExceeded('maxPaxHeaderBytes', this.opts.limits.maxPaxHeaderBytes, size, `${this.where}, at byte ${at}`);
      }
      return this.startMeta(typeFlag, size, at);
    }
    if (typeFlag === 'L' || typeFlag === 'K') {
      // The record holds the name plus a NUL.
      if (size > this.opts.limits.maxPathLength + 1) {
        throw limitExceeded('maxPathLength', this.opts.limits.maxPathLength, size - 1, `${this.where}, GNU long ${typeFlag === 'L' ? 'name' : 'link'} at byte ${at}`);
      }
      return this.startMeta(typeFlag, size, at);
    }

    const pax = this.pax;
    const gpax = this.globalPax;
    let name: { value: string; nonUtf8: boolean };
    if (pax?.path) name = pax.path;
    else if (this.longName) name = this.longName;
    else if (gpax.path) name = gpax.path;
    else if (format === 'ustar' && b[345] !== 0) {
      const prefix = field(b, 345, 155);
      const joined = Buffer.concat([prefix, Buffer.from('/'), rawName]);
      name = decodeName(joined);
    } else name = decodeName(rawName);
    let link: { value: string; nonUtf8: boolean } | undefined;
    if (pax?.linkpath) link = pax.linkpath;
    else if (this.longLink) link = this.longLink;
    else if (gpax.linkpath) link = gpax.linkpath;
    else if (b[157] !== 0) link = decodeName(field(b, 157, 100));

    if (name.value.length > this.opts.limits.maxPathLength) {
      throw limitExceeded('maxPathLength', this.opts.limits.maxPathLength, name.value.length, `${this.where}, at byte ${at}`);
    }
    if (link && link.value.length > this.opts.limits.maxPathLength) {
      throw limitExceeded('maxPathLength', this.opts.limits.maxPathLength, link.value.length, `${this.where}, link of "${name.value}"`);
    }

    if (pax?.size !== undefined) size = pax.size;
    else if (gpax.size !== undefined) size = gpax.size;
    let type = entryType(typeFlag);
    // Old archives mark directories only with a trailing slash.
    if (type === 'file' && (typeFlag === '0' || typeFlag === '7') && name.value.endsWith('/')) type = 'directory';
    const header: TarHeader = {
      name: name.value,
      nonUtf8Name: name.nonUtf8,
      linkName: link?.value,
      nonUtf8LinkName: link?.nonUtf8 ?? false,
      type,
      typeFlag,
      mode: this.number(b, 100, 8, at, 'mode', rawName) & 0o7777,
      uid: pax?.uid ?? gpax.uid ?? this.number(b, 108, 8, at, 'uid', rawName),
      gid: pax?.gid ?? gpax.gid ?? this.number(b, 116, 8, at, 'gid', rawName),
      uname: pax?.uname ?? gpax.uname ?? (format === 'v7' ? undefined : text(b, 265, 32)),
      gname: pax?.gname ?? gpax.gname ?? (format === 'v7' ? undefined : text(b, 297, 32)),
      size,
      mtime: pax?.mtime ?? gpax.mtime ?? this.number(b, 136, 12, at, 'mtime', rawName, true),
      format: pax || Object.keys(gpax).length > 0 ? 'pax' : format,
      offset: at,
    };
    if (type === 'char-device' || type === 'block-device') {
      header.devMajor = this.number(b, 329, 8, at, 'devmajor', rawName);
      header.devMinor = this.number(b, 337, 8, at, 'devminor', rawName);
    }
    const xattrs = pax?.xattrs ?? gpax.xattrs;
    if (xattrs) header.xattrs = { ...gpax.xattrs, ...pax?.xattrs };
    this.pax = undefined;
    this.longName = undefined;
    this.longLink = undefined;
    this.entryCount++;
    this.current = header;
    this.handler.entry(header);
    // Like Go's archive/tar: links, directories, devices and fifos carry no content whatever size says.
    const hasContent = type === 'file' || type === 'unsupported';
    const dataSize = hasContent ? size : 0;
    this.padding = hasContent ? (BLOCK - (size % BLOCK)) % BLOCK : 0;
    if (dataSize === 0) this.finishEntry();
    else {
      this.remaining = dataSize;
      this.state = 'data';
    }
  }

  private finishEntry(): void {
    this.handler.entryEnd();
    this.current = undefined;
    this.state = this.padding > 0 ? 'padding' : 'header';
  }

  private startMeta(type: string, size: number, at: number): void {
    this.metaType = type;
    this.metaParts = [];
    this.metaOffset = at;
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) this.finishMeta();
    else this.state = 'meta';
  }

  private finishMeta(): void {
    const data = Buffer.concat(this.metaParts);
    this.metaParts = [];
    const at = this.metaOffset;
    if (this.metaType === 'L' || this.metaType === 'K') {
      let end = data.indexOf(0);
      if (end < 0) end = data.length;
      const value = decodeName(data.subarray(0, end));
      if (this.metaType === 'L') this.longName = value;
      else this.longLink = value;
    } else if (this.metaType === 'x') {
      this.pax = this.parsePax(data, at, {});
    } else {
      this.globalPax = this.parsePax(data, at, this.globalPax);
    }
    this.state = this.padding > 0 ? 'padding' : 'header';
  }

  private parsePax(data: Buffer, at: number, base: PaxValues): PaxValues {
    const out: PaxValues = { ...base };
    let i = 0;
    while (i < data.length) {
      // Records are "<length> <key>=<value>\n" where length counts the whole record.
      if (data[i] === 0) break;
      const space = data.indexOf(0x20, i);
      const lengthText = space < 0 ? '' : data.toString('latin1', i, space);
      if (!/^[1-9][0-9]{0,9}$/.test(lengthText)) {
        throw this.fail(at, `expected a PAX record length, got "${data.toString('latin1', i, Math.min(i + 12, data.length))}"`);
      }
      const length = Number(lengthText);
      const recordEnd = i + length;
      if (recordEnd > data.length || recordEnd <= space + 1 || data[recordEnd - 1] !== 0x0a) {
        throw this.fail(at, `PAX record at ${i} declares length ${length}, but the record header holds ${data.length - i} bytes and must end with a newline`);
      }
      const eq = data.indexOf(0x3d, space + 1);
      if (eq < 0 || eq >= recordEnd) throw this.fail(at, `expected key=value in the PAX record at ${i}`);
      const key = data.toString('utf8', space + 1, eq);
      const value = data.subarray(eq + 1, recordEnd - 1);
      i = recordEnd;
      this.applyPax(out, key, value, at);
    }
    return out;
  }

  private applyPax(out: PaxValues, key: string, value: Buffer, at: number): void {
    const str = () => value.toString('utf8');
    const int = () => {
      const s = value.toString('latin1');
      if (!/^[0-9]{1,16}$/.test(s) || !Number.isSafeInteger(Number(s))) {
        throw this.fail(at, `expected a non-negative integer for PAX ${key}, got "${s.slice(0, 40)}"`);
      }
      return Number(s);
    };
    if (key.startsWith('SCHILY.xattr.')) {
      out.xattrs = { ...out.xattrs, [key.slice('SCHILY.xattr.'.length)]: Buffer.from(value) };
      return;
    }
    // An empty value deletes the key (for `x`, the global default it would inherit).
    const empty = value.length === 0;
    switch (key) {
      case 'path':
        out.path = empty ? undefined : decodeName(value);
        return;
      case 'linkpath':
        out.linkpath = empty ? undefined : decodeName(value);
        return;
      case 'size':
        out.size = empty ? undefined : int();
        return;
      case 'uid':
        out.uid = empty ? undefined : int();
        return;
      case 'gid':
        out.gid = empty ? undefined : int();
        return;
      case 'uname':
        out.uname = empty ? undefined : str();
        return;
      case 'gname':
        out.gname = empty ? undefined : str();
        return;
      case 'mtime': {
        const n = Number(value.toString('latin1'));
        if (!empty && !Number.isFinite(n)) throw this.fail(at, `expected a number for PAX mtime, got "${value.toString('latin1').slice(0, 40)}"`);
        out.mtime = empty ? undefined : n;
        return;
      }
      default:
        return;
    }
  }

  /** Octal (space/NUL terminated) or base-256 (high bit set) numeric field. */
  private number(b: Buffer, start: number, len: number, at: number, what: string, rawName: Buffer, allowNegative = false): number {
    const first = b[start]!;
    if (first & 0x80) {
      // Base-256: big-endian two's complement in the bytes after the marker bit.
      let u = BigInt(first & 0x7f);
      for (let k = 1; k < len; k++) u = (u << 8n) | BigInt(b[start + k]!);
      const v = first & 0x40 ? u - (1n << BigInt(len * 8 - 1)) : u;
      if (v < 0n && !allowNegative) throw this.fail(at, `expected a non-negative ${what}, got ${v} (base-256)`, decodeName(rawName).value);
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
        throw this.fail(at, `expected a ${what} within 2^53, got ${v} (base-256)`, decodeName(rawName).value);
      }
      return Number(v);
    }
    let v = 0;
    let k = start;
    const end = start + len;
    while (k < end && b[k] === 0x20) k++;
    for (; k < end; k++) {
      const c = b[k]!;
      if (c === 0 || c === 0x20) break;
      if (c < 0x30 || c > 0x37) {
        throw this.fail(at, `expected an octal ${what}, got "${b.toString('latin1', start, end).replace(/\0/g, '\\0')}"`, decodeName(rawName).value);
      }
      v = v * 8 + (c - 0x30);
    }
    return v;
  }
}

function signedChecksum(b: Buffer): number {
  let sum = 256;
  for (let k = 0; k < BLOCK; k++) {
    if (k >= 148 && k < 156) continue;
    const v = b[k]!;
    sum += v > 127 ? v - 256 : v;
  }
  return sum;
}

function isZeroBlock(b: Buffer): boolean {
  // Most headers have a non-zero first byte, so this is cheap for them.
  for (let k = 0; k < BLOCK; k += 8) {
    if (b[k] !== 0 || b[k + 1] !== 0 || b[k + 2] !== 0 || b[k + 3] !== 0 || b[k + 4] !== 0 || b[k + 5] !== 0 || b[k + 6] !== 0 || b[k + 7] !== 0) {
      return false;
    }
  }
  return true;
}

function field(b: Buffer, start: number, len: number): Buffer {
  const nul = b.indexOf(0, start);
  const end = nul < 0 || nul > start + len ? start + len : nul;
  return b.subarray(start, end);
}

function text(b: Buffer, start: number, len: number): string | undefined {
  const s = decodeName(field(b, start, len)).value;
  return s === '' ? undefined : s;
}

export function decodeName(bytes: Buffer): { value: string; nonUtf8: boolean } {
  let ascii = true;
  for (let k = 0; k < bytes.length; k++) {
    if (bytes[k]! > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return { value: bytes.toString('latin1'), nonUtf8: false };
  try {
    return { value: utf8.decode(bytes), nonUtf8: false };
  } catch {
    return { value: bytes.toString('latin1'), nonUtf8: true };
  }
}

function entryType(flag: string): EntryType | 'unsupported' {
  switch (flag) {
    case '0':
    case '7':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'char-device';
    case '4':
      return 'block-device';
    case '5':
      return 'directory';
    case '6':
      return 'fifo';
    default:
      return 'unsupported';
  }
}

export type TarEvent =
  | { kind: 'entry'; header: TarHeader }
  | { kind: 'data'; chunk: Buffer }
  | { kind: 'entry-end' };

/** The parser as an async iterator of events, for callers that prefer pulling (data chunks are copies). */
export async function* readTar(source: AsyncIterable<Buffer>, opts: TarParserOptions): AsyncGenerator<TarEvent> {
  let queue: TarEvent[] = [];
  const parser = new TarParser(
    {
      entry: (header) => queue.push({ kind: 'entry', header }),
      data: (chunk) => queue.push({ kind: 'data', chunk: Buffer.from(chunk) }),
      entryEnd: () => queue.push({ kind: 'entry-end' }),
    },
    opts,
  );
  for await (const chunk of source) {
    parser.write(chunk);
    const ready = queue;
    queue = [];
    yield* ready;
  }
  parser.end();
  yield* queue;
}
