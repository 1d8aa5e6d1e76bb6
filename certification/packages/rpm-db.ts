import { CertificationError } from '../errors';
import { berkeleyHashEntries } from './berkeley-db';
import { readRpmHeader } from './rpm-header';
import { rpmNdbBlobs } from './rpm-ndb';
import { rpmSqliteBlobs } from './rpm-sqlite';
import type { InstalledPackage, ReadPackagesOptions } from './types';

export type RpmDatabaseKind = 'sqlite' | 'bdb' | 'ndb';

/** File names of the rpm database under /var/lib/rpm (or /usr/lib/sysimage/rpm) and their backend. */
export const RPMDB_FILES: Record<string, RpmDatabaseKind> = {
  'rpmdb.sqlite': 'sqlite',
  Packages: 'bdb',
  'Packages.db': 'ndb',
};

export interface RpmDatabaseInput extends ReadPackagesOptions {
  kind: RpmDatabaseKind;
  file: Buffer;
  /** `rpmdb.sqlite-wal`, when the image has a non-empty one. */
  wal?: Buffer;
  /** Where the database was found, for error messages (image path). */
  where: string;
}

function* headerBlobs(input: RpmDatabaseInput): Generator<Buffer> {
  switch (input.kind) {
    case 'sqlite':
      yield* rpmSqliteBlobs(input.file, input.where, input.wal);
      return;
    case 'ndb':
      yield* rpmNdbBlobs(input.file, input.where);
      return;
    case 'bdb':
      for (const { key, value } of berkeleyHashEntries(input.file, input.where)) {
        // Record 0 is rpm's own bookkeeping (the next instance number), not a header.
        if (key.length === 4 && key.readUInt32LE(0) === 0) continue;
        yield value;
      }
      return;
    default:
      throw new CertificationError('PACKAGE_DB_UNSUPPORTED', `${input.where}: unknown rpm database kind ${String(input.kind)}`);
  }
}

/** Every package of an rpm database, in the database's own order. */
export function readRpmDatabase(input: RpmDatabaseInput): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  let i = 0;
  for (const blob of headerBlobs(input)) {
    out.push(readRpmHeader(blob, `${input.where} record ${i++}`, input));
  }
  return out;
}
