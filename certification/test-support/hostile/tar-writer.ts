// A deliberately permissive tar writer for tests: it writes exactly the bytes asked for, including
// wrong checksums, negative sizes and lying PAX records, so the parser can be fed hostile input.

export type TarFlag = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | 'x' | 'g' | 'L' | 'K' | 'S' | 'V' | 'Z';

export interface TarEntrySpec {
  name: string | Buffer;
  type?: TarFlag;
  content?: Buffer | string;
  /** Written into the size field instead of the content length (a lie, when they differ). */
  size?: number;
  /** Raw 12 bytes for the size field (base-256 values). */
  sizeField?: Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  mtime?: number;
  linkName?: string | Buffer;
  devMajor?: number;
  devMinor?: number;
  format?: 'ustar' | 'gnu' | 'v7';
  /** ustar prefix field (155 bytes), joined to the name with a slash by readers. */
  prefix?: string;
  /** A PAX `x` record written before this entry. */
  pax?: Record<string, string | Buffer>;
  /** Raw bytes of a PAX `x` record body (for malformed records). */
  paxRaw?: Buffer;
  /** Emit a GNU `L` record for the name (and `K` for the link) instead of truncating. */
  gnuLong?: boolean;
  /** Override the computed checksum. */
  checksum?: number;
}

const BLOCK = 512;

function bytes(v: string | Buffer): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

function octal(h: Buffer, at: number, len: number, value: number): void {
  const s = value.toString(8).padStart(len - 1, '0');
  if (s.length > len - 1) throw new Error(`tar-writer: ${value} does not fit ${len} octal bytes`);
  h.write(s + '\0', at, len, 'latin1');
}

export function pad(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

export function paxBody(records: Record<string, string | Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, raw] of Object.entries(records)) {
    const value = bytes(raw);
    const tail = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
    let len = tail.length + 1;
    while (String(len).length + tail.length !== len) len = String(len).length + tail.length;
    parts.push(Buffer.concat([Buffer.from(String(len)), tail]));
  }
  return Buffer.concat(parts);
}

/** One 512-byte header block. */
export function tarHeader(spec: TarEntrySpec): Buffer {
  const h = Buffer.alloc(BLOCK);
  const name = bytes(spec.name);
  name.copy(h, 0, 0, Math.min(100, name.length));
  octal(h, 100, 8, spec.mode ?? (spec.type === '5' ? 0o755 : 0o644));
  octal(h, 108, 8, spec.uid ?? 0);
  octal(h, 116, 8, spec.gid ?? 0);
  const size = spec.size ?? (spec.content === undefined ? 0 : bytes(spec.content).length);
  if (spec.sizeField) spec.sizeField.copy(h, 124, 0, 12);
  else octal(h, 124, 12, size);
  octal(h, 136, 12, spec.mtime ?? 1_700_000_000);
  h.write(spec.type ?? '0', 156, 1, 'latin1');
  if (spec.linkName !== undefined) {
    const link = bytes(spec.linkName);
    link.copy(h, 157, 0, Math.min(100, link.length));
  }
  const format = spec.format ?? 'ustar';
  if (format === 'ustar') h.write('ustar\x0000', 257, 8, 'latin1');
  if (format === 'gnu') h.write('ustar  \0', 257, 8, 'latin1');
  if (format !== 'v7') {
    h.write(spec.uname ?? 'root', 265, 32, 'utf8');
    h.write(spec.gname ?? 'root', 297, 32, 'utf8');
    octal(h, 329, 8, spec.devMajor ?? 0);
    octal(h, 337, 8, spec.devMinor ?? 0);
  }
  if (spec.prefix !== undefined) h.write(spec.prefix, 345, 155, 'utf8');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  octal(h, 148, 7, spec.checksum ?? sum);
  h[155] = 0x20;
  return h;
}

/** Header(s) plus padded content of one entry, with PAX / GNU long-name records as asked. */
export function tarEntry(spec: TarEntrySpec): Buffer {
  const parts: Buffer[] = [];
  if (spec.paxRaw || spec.pax) {
    const body = spec.paxRaw ?? paxBody(spec.pax!);
    parts.push(tarHeader({ name: 'PaxHeaders/x', type: 'x', size: body.length }), pad(body));
  }
  if (spec.gnuLong) {
    const name = Buffer.concat([bytes(spec.name), Buffer.from([0])]);
    parts.push(tarHeader({ name: '././@LongLink', type: 'L', size: name.length, format: 'gnu' }), pad(name));
    if (spec.linkName !== undefined) {
      const link = Buffer.concat([bytes(spec.linkName), Buffer.from([0])]);
      parts.push(tarHeader({ name: '././@LongLink', type: 'K', size: link.length, format: 'gnu' }), pad(link));
    }
  }
  parts.push(tarHeader(spec));
  if (spec.content !== undefined) parts.push(pad(bytes(spec.content)));
  return Buffer.concat(parts);
}

export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

export function tarArchive(entries: TarEntrySpec[], opts: { end?: boolean } = {}): Buffer {
  const parts = entries.map(tarEntry);
  if (opts.end !== false) parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}
