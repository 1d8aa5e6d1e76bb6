import { CertificationError } from '../errors';

// A read-only reader of the SQLite file format, just enough to walk one rowid table's b-tree.
// Why not better-sqlite3 or sql.js: the engine reads untrusted bytes already in memory and runs in
// the `assay` CLI on vendors' machines; a ~200-line pure reader needs no native build, no temp file,
// no WebAssembly heap copy of the database, and bounds-checks every page it touches.
// Committed frames of a write-ahead log (`-wal`) are applied when given, as SQLite would on open.

const MAGIC = 'SQLite format 3\u0000';

export interface SqliteColumnValue {
  kind: 'null' | 'integer' | 'float' | 'text' | 'blob';
  value: null | number | bigint | string | Buffer;
}

export interface SqliteRow {
  rowid: bigint;
  values: SqliteColumnValue[];
}

export interface SqliteTable {
  name: string;
  rootPage: number;
  sql: string;
}

export class SqliteFile {
  readonly pageSize: number;
  private readonly usable: number;
  private readonly pageCount: number;
  private readonly walPages = new Map<number, Buffer>();

  constructor(private readonly file: Buffer, private readonly where: string, wal?: Buffer) {
    if (file.length < 100 || file.toString('latin1', 0, 16) !== MAGIC) {
      throw this.invalid(`expected an SQLite 3 database (header "SQLite format 3"), got ${JSON.stringify(file.toString('latin1', 0, Math.min(16, file.length)))}`);
    }
    const raw = file.readUInt16BE(16);
    this.pageSize = raw === 1 ? 65536 : raw;
    if (this.pageSize < 512 || (this.pageSize & (this.pageSize - 1)) !== 0) throw this.invalid(`expected a power-of-two page size, got ${this.pageSize}`);
    this.usable = this.pageSize - file[20];
    if (this.usable < 480) throw this.invalid(`expected at least 480 usable bytes per page, got ${this.usable}`);
    const encoding = file.readUInt32BE(56);
    if (encoding !== 0 && encoding !== 1) throw this.invalid(`expected UTF-8 text encoding (1), got ${encoding}`);
    this.pageCount = Math.floor(file.length / this.pageSize);
    if (wal) this.applyWal(wal);
  }

  private invalid(message: string): CertificationError {
    return new CertificationError('PACKAGE_DB_INVALID', `${this.where}: ${message}`, { path: this.where });
  }

  private applyWal(wal: Buffer): void {
    if (wal.length < 32) return;
    const magic = wal.readUInt32BE(0);
    if (magic !== 0x377f0682 && magic !== 0x377f0683) throw this.invalid(`-wal: expected WAL magic, got 0x${magic.toString(16)}`);
    if (wal.readUInt32BE(8) !== this.pageSize) throw this.invalid(`-wal: page size ${wal.readUInt32BE(8)} differs from the database's ${this.pageSize}`);
    const salt1 = wal.readUInt32BE(16);
    const salt2 = wal.readUInt32BE(20);
    const frameSize = 24 + this.pageSize;
    // Frames count only up to the last commit frame; frames with other salts are left over from before a reset.
    let pending = new Map<number, Buffer>();
    for (let at = 32; at + frameSize <= wal.length; at += frameSize) {
      if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
      const page = wal.readUInt32BE(at);
      pending.set(page, wal.subarray(at + 24, at + frameSize));
      if (wal.readUInt32BE(at + 4) !== 0) {
        for (const [p, data] of pending) this.walPages.set(p, data);
        pending = new Map();
      }
    }
  }

  private page(n: number): Buffer {
    const fromWal = this.walPages.get(n);
    if (fromWal) return fromWal;
    if (n < 1 || n > this.pageCount) throw this.invalid(`page ${n} is outside the file's ${this.pageCount} pages`);
    return this.file.subarray((n - 1) * this.pageSize, n * this.pageSize);
  }

  /** Tables listed in sqlite_schema. */
  tables(): SqliteTable[] {
    const out: SqliteTable[] = [];
    for (const row of this.rows(1)) {
      const [type, name, , rootpage, sql] = row.values;
      if (type?.value === 'table' && typeof name?.value === 'string') {
        out.push({ name: name.value, rootPage: Number(rootpage?.value ?? 0), sql: typeof sql?.value === 'string' ? sql.value : '' });
      }
    }
    return out;
  }

  /** Rows of the table b-tree rooted at `rootPage`, in rowid order. */
  *rows(rootPage: number): Generator<SqliteRow> {
    const visited = new Set<number>();
    const stack: number[] = [rootPage];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (visited.has(n)) throw this.invalid(`b-tree page ${n} is reachable twice (a cycle)`);
      visited.add(n);
      const page = this.page(n);
      const base = n === 1 ? 100 : 0;
      const kind = page[base];
      const cells = page.readUInt16BE(base + 3);
      if (kind === 0x05) {
        const pointers = base + 12;
        if (pointers + cells * 2 > this.usable) throw this.invalid(`page ${n}: ${cells} cells do not fit`);
        // Depth-first in key order: push the right-most child first so the left-most pops next.
        stack.push(page.readUInt32BE(base + 8));
        for (let i = cells - 1; i >= 0; i--) {
          const at = page.readUInt16BE(pointers + i * 2);
          if (at + 4 > this.usable) throw this.invalid(`page ${n}: cell ${i} at ${at} is outside the page`);
          stack.push(page.readUInt32BE(at));
        }
      } else if (kind === 0x0d) {
        const pointers = base + 8;
        if (pointers + cells * 2 > this.usable) throw this.invalid(`page ${n}: ${cells} cells do not fit`);
        for (let i = 0; i < cells; i++) yield this.leafCell(page, n, page.readUInt16BE(pointers + i * 2));
      } else {
        throw this.invalid(`page ${n}: expected a table b-tree page (0x05 or 0x0d), got 0x${kind.toString(16)}`);
      }
    }
  }

  private varint(buf: Buffer, at: number, n: number): [bigint, number] {
    let v = 0n;
    for (let i = 0; i < 9; i++) {
      if (at + i >= buf.length) throw this.invalid(`page ${n}: varint runs past the end`);
      const b = buf[at + i];
      if (i === 8) return [(v << 8n) | BigInt(b), at + 9];
      v = (v << 7n) | BigInt(b & 0x7f);
      if ((b & 0x80) === 0) return [v, at + i + 1];
    }
    return [v, at + 9];
  }

  private leafCell(page: Buffer, n: number, at: number): SqliteRow {
    if (at >= this.usable) throw this.invalid(`page ${n}: cell at ${at} is outside the page`);
    const [payloadSize, p1] = this.varint(page, at, n);
    const [rowid, p2] = this.varint(page, p1, n);
    const total = Number(payloadSize);
    if (total > this.file.length + this.walPages.size * this.pageSize) {
      throw this.invalid(`page ${n}: payload of ${total} bytes is larger than the database`);
    }
    const maxLocal = this.usable - 35;
    let local = total;
    if (total > maxLocal) {
      const minLocal = Math.floor(((this.usable - 12) * 32) / 255) - 23;
      const k = minLocal + ((total - minLocal) % (this.usable - 4));
      local = k <= maxLocal ? k : minLocal;
    }
    if (p2 + local > this.usable) throw this.invalid(`page ${n}: cell payload overruns the page`);
    let payload: Buffer;
    if (local === total) {
      payload = page.subarray(p2, p2 + total);
    } else {
      payload = Buffer.allocUnsafe(total);
      page.copy(payload, 0, p2, p2 + local);
      let filled = local;
      let next = page.readUInt32BE(p2 + local);
      while (filled < total) {
        const overflow = this.page(next);
        const take = Math.min(this.usable - 4, total - filled);
        overflow.copy(payload, filled, 4, 4 + take);
        filled += take;
        next = overflow.readUInt32BE(0);
        if (filled < total && next === 0) throw this.invalid(`page ${n}: overflow chain ends after ${filled} of ${total} bytes`);
      }
    }
    return { rowid, values: this.record(payload, n) };
  }

  private record(payload: Buffer, n: number): SqliteColumnValue[] {
    const [headerSize, first] = this.varint(payload, 0, n);
    const end = Number(headerSize);
    if (end > payload.length) throw this.invalid(`page ${n}: record header of ${end} bytes overruns a ${payload.length}-byte record`);
    const types: bigint[] = [];
    for (let at = first; at < end; ) {
      const [t, next] = this.varint(payload, at, n);
      types.push(t);
      at = next;
    }
    const values: SqliteColumnValue[] = [];
    let at = end;
    const need = (len: number) => {
      if (at + len > payload.length) throw this.invalid(`page ${n}: record value overruns the record`);
    };
    for (const big of types) {
      const t = Number(big);
      if (t === 0) values.push({ kind: 'null', value: null });
      else if (t >= 1 && t <= 6) {
        const len = [0, 1, 2, 3, 4, 6, 8][t];
        need(len);
        const v = len === 8 ? payload.readBigInt64BE(at) : BigInt(payload.readIntBE(at, len));
        values.push({ kind: 'integer', value: v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v });
        at += len;
      } else if (t === 7) {
        need(8);
        values.push({ kind: 'float', value: payload.readDoubleBE(at) });
        at += 8;
      } else if (t === 8 || t === 9) values.push({ kind: 'integer', value: t - 8 });
      else if (t >= 12) {
        const len = Math.floor((t - 12) / 2);
        need(len);
        const bytes = payload.subarray(at, at + len);
        values.push(t % 2 === 0 ? { kind: 'blob', value: bytes } : { kind: 'text', value: bytes.toString('utf8') });
        at += len;
      } else throw this.invalid(`page ${n}: reserved serial type ${t}`);
    }
    return values;
  }
}
