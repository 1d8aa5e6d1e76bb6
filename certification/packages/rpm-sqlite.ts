import { CertificationError } from '../errors';
import { SqliteFile } from './sqlite';

// rpm >= 4.16 keeps each header in `Packages(hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)`.

function columnNames(sql: string): string[] {
  const open = sql.indexOf('(');
  const close = sql.lastIndexOf(')');
  if (open < 0 || close < open) return [];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of sql.slice(open + 1, close)) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim().split(/\s+/)[0].replace(/^["'`[]|["'`\]]$/g, '').toLowerCase());
}

/** Header blobs of an rpmdb.sqlite, in hnum order. */
export function* rpmSqliteBlobs(file: Buffer, where: string, wal?: Buffer): Generator<Buffer> {
  const db = new SqliteFile(file, where, wal);
  const table = db.tables().find((t) => t.name.toLowerCase() === 'packages');
  if (!table) {
    throw new CertificationError('PACKAGE_DB_INVALID', `${where}: expected an rpm database with a Packages table, got tables [${db.tables().map((t) => t.name).join(', ')}]`, {
      path: where,
    });
  }
  const columns = columnNames(table.sql);
  const blobIndex = columns.indexOf('blob');
  if (blobIndex < 0 || !columns.includes('hnum')) {
    throw new CertificationError('PACKAGE_DB_INVALID', `${where}: expected Packages(hnum, blob), got Packages(${columns.join(', ')})`, { path: where });
  }
  for (const row of db.rows(table.rootPage)) {
    const cell = row.values[blobIndex];
    if (!cell || cell.kind !== 'blob') {
      throw new CertificationError('PACKAGE_DB_INVALID', `${where}: Packages row ${row.rowid}: expected a blob, got ${cell?.kind ?? 'nothing'}`, { path: where });
    }
    yield cell.value as Buffer;
  }
}
