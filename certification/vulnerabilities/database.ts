import { lstat, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CertificationError } from '../errors';
import { parseEcosystem } from './ecosystem';
import { advisoryAliases, isoMillis, parseOsvRecord, type TOsvRange } from './osv';
import { deriveSeverity, type Severity, type SeveritySource } from './severity';
import { openZip, type ZipLimits } from './zip-reader';

// The advisory database: OSV records from a folder or a zip, reduced to what matching needs and
// indexed by ecosystem → package name, saved as one gzip JSON file that loads back in one parse.

export const ADVISORY_INDEX_FORMAT = 'assay-advisory-index';
export const ADVISORY_INDEX_VERSION = 1;

/** One ECOSYSTEM range as [event, version] pairs in the record's order: i introduced, f fixed, l last_affected, x limit. */
export type CompactEvent = ['i' | 'f' | 'l' | 'x', string];

export interface IndexedAdvisory {
  id: string;
  aliases: string[];
  ranges: CompactEvent[][];
  /** Explicit affected versions, kept only when the entry has no ECOSYSTEM range (the range decides otherwise). */
  versions?: string[];
  severity: Severity;
  severitySource: SeveritySource;
  score?: number;
  /** When the advisory (and so its fix) was published, ISO 8601 to the millisecond. */
  published?: string;
  modified?: string;
  /** Every fixed version the ranges name. */
  fixed: string[];
}

export interface AdvisoryIndexCounts {
  /** JSON files (or zip entries) read. */
  files: number;
  /** OSV records seen (a file may hold an array). */
  records: number;
  /** Records with at least one entry in a supported distro ecosystem. */
  indexed: number;
  /** Records without any supported distro ecosystem (language ecosystems, no `affected`). */
  unsupported: number;
  withdrawn: number;
  /** Records seen again under the same id; the most recently modified copy is kept. */
  duplicates: number;
  /** Unreadable JSON, schema violations and unusable zip entries. */
  invalid: number;
}

export interface AdvisoryProblem {
  where: string;
  message: string;
}

export interface AdvisoryIndex {
  format: typeof ADVISORY_INDEX_FORMAT;
  formatVersion: typeof ADVISORY_INDEX_VERSION;
  importedAt: string;
  source: string;
  counts: AdvisoryIndexCounts;
  /** Advisories and package names per ecosystem string. */
  ecosystems: Record<string, { advisories: number; packages: number }>;
  /** The first problems met (at most MAX_PROBLEMS); `counts.invalid` has the total. */
  problems: AdvisoryProblem[];
  packages: Record<string, Record<string, IndexedAdvisory[]>>;
}

export interface ImportOptions {
  /** The import time written into the index (default: now). */
  now?: Date;
  zipLimits?: Partial<ZipLimits>;
  /** Largest single JSON file read from a folder (default 64 MiB). */
  maxFileBytes?: number;
  /** Most JSON files read from a folder (default 2,000,000). */
  maxFiles?: number;
}

const MAX_PROBLEMS = 200;
const EVENT_KEYS = [
  ['introduced', 'i'],
  ['fixed', 'f'],
  ['last_affected', 'l'],
  ['limit', 'x'],
] as const;

function compactRange(range: TOsvRange): CompactEvent[] {
  const out: CompactEvent[] = [];
  for (const event of range.events) {
    for (const [key, short] of EVENT_KEYS) {
      const v = event[key];
      if (v !== undefined && v !== '') out.push([short, v]);
    }
  }
  return out;
}

interface Pending {
  modified: number;
  entries: { ecosystem: string; name: string; advisory: IndexedAdvisory }[];
}

/** Collects records one by one; `build()` gives the index. Bad records are counted, never thrown. */
export class AdvisoryIndexBuilder {
  private readonly counts: AdvisoryIndexCounts = { files: 0, records: 0, indexed: 0, unsupported: 0, withdrawn: 0, duplicates: 0, invalid: 0 };
  private readonly problems: AdvisoryProblem[] = [];
  private readonly byId = new Map<string, Pending>();
  private readonly withdrawnIds = new Set<string>();

  constructor(private readonly now: Date = new Date()) {}

  problem(where: string, message: string): void {
    this.counts.invalid++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ where, message });
  }

  /** One file's bytes: a JSON record or an array of records. */
  addFile(data: Buffer | string, where: string): void {
    this.counts.files++;
    let json: unknown;
    try {
      json = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
    } catch (e) {
      this.problem(where, `expected JSON, got a parse error: ${(e as Error).message}`);
      return;
    }
    if (Array.isArray(json)) json.forEach((item, i) => this.addRecord(item, `${where}[${i}]`));
    else this.addRecord(json, where);
  }

  addRecord(json: unknown, where: string): void {
    this.counts.records++;
    let record;
    try {
      record = parseOsvRecord(json, where);
    } catch (e) {
      this.problem(where, (e as Error).message);
      return;
    }
    if (record.withdrawn != null && record.withdrawn <= this.now.getTime()) {
      this.counts.withdrawn++;
      this.withdrawnIds.add(record.id);
      return;
    }
    const modified = record.modified ?? 0;
    const previous = this.byId.get(record.id);
    if (previous) {
      this.counts.duplicates++;
      if (previous.modified >= modified) return;
    }
    const aliases = advisoryAliases(record);
    const dates = {
      ...(record.published != null ? { published: isoMillis(record.published) } : {}),
      ...(record.modified != null ? { modified: isoMillis(record.modified) } : {}),
    };
    const entries: Pending['entries'] = [];
    for (const affected of record.affected) {
      const pkg = affected.package;
      if (!pkg || !parseEcosystem(pkg.ecosystem)) continue;
      const ranges = affected.ranges.filter((r) => r.type === 'ECOSYSTEM').map(compactRange).filter((r) => r.length > 0);
      const rating = deriveSeverity(record, affected);
      const advisory: IndexedAdvisory = {
        id: record.id,
        aliases,
        ranges,
        ...(ranges.length === 0 && affected.versions.length > 0 ? { versions: affected.versions } : {}),
        severity: rating.severity,
        severitySource: rating.source,
        ...(rating.score !== undefined ? { score: rating.score } : {}),
        ...dates,
        fixed: [...new Set(ranges.flatMap((r) => r.filter(([k]) => k === 'f').map(([, v]) => v)))],
      };
      if (ranges.length === 0 && !advisory.versions) continue;
      entries.push({ ecosystem: pkg.ecosystem, name: pkg.name, advisory });
    }
    if (previous) {
      // Replaces the older copy; it was counted as indexed or unsupported already.
      if (previous.entries.length > 0) this.counts.indexed--;
      else this.counts.unsupported--;
    }
    if (entries.length > 0) this.counts.indexed++;
    else this.counts.unsupported++;
    this.byId.set(record.id, { modified, entries });
  }

  build(source: string): AdvisoryIndex {
    // Null-prototype maps: a package named `__proto__` or `constructor` is just a name.
    const packages: AdvisoryIndex['packages'] = Object.create(null);
    const ecosystems: AdvisoryIndex['ecosystems'] = Object.create(null);
    const ids = [...this.byId.keys()].sort();
    for (const id of ids) {
      // A withdrawn copy of an id withdraws every copy.
      if (this.withdrawnIds.has(id)) continue;
      const seen = new Set<string>();
      for (const { ecosystem, name, advisory } of this.byId.get(id)!.entries) {
        const byName = (packages[ecosystem] ??= Object.create(null) as Record<string, IndexedAdvisory[]>);
        (byName[name] ??= []).push(advisory);
        const stats = (ecosystems[ecosystem] ??= { advisories: 0, packages: 0 });
        if (byName[name].length === 1) stats.packages++;
        if (!seen.has(ecosystem)) {
          seen.add(ecosystem);
          stats.advisories++;
        }
      }
    }
    return {
      format: ADVISORY_INDEX_FORMAT,
      formatVersion: ADVISORY_INDEX_VERSION,
      importedAt: this.now.toISOString(),
      source,
      counts: { ...this.counts },
      ecosystems,
      problems: [...this.problems],
      packages,
    };
  }
}

async function walkJsonFiles(dir: string, out: string[], maxFiles: number): Promise<void> {
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    const full = path.join(dir, name);
    const info = await lstat(full);
    // Symlinks are not followed: a feed folder has no reason to point outside itself.
    if (info.isDirectory()) await walkJsonFiles(full, out, maxFiles);
    else if (info.isFile() && name.toLowerCase().endsWith('.json')) {
      out.push(full);
      if (out.length > maxFiles) {
        throw new CertificationError('LIMIT_EXCEEDED', `maxFiles exceeded (${dir}): limit ${maxFiles}, got more`, { limit: 'maxFiles', max: maxFiles });
      }
    }
  }
}

/** Imports every OSV JSON file under a folder (recursively) or inside a .zip into an index. */
export async function importAdvisories(source: string, options: ImportOptions = {}): Promise<AdvisoryIndex> {
  const builder = new AdvisoryIndexBuilder(options.now);
  const info = await stat(source).catch(() => null);
  if (!info) throw new CertificationError('NOT_FOUND', `expected an advisory folder or .zip at ${source}, got nothing there`, { path: source });
  if (info.isDirectory()) {
    const files: string[] = [];
    const maxFiles = options.maxFiles ?? 2_000_000;
    const maxFileBytes = options.maxFileBytes ?? 64 * 1024 * 1024;
    await walkJsonFiles(source, files, maxFiles);
    for (const file of files) {
      const where = path.relative(source, file);
      const size = (await stat(file)).size;
      if (size > maxFileBytes) {
        builder.problem(where, `expected at most ${maxFileBytes} bytes, got ${size}`);
        continue;
      }
      builder.addFile(await readFile(file), where);
    }
  } else if (info.isFile()) {
    const zip = await openZip(source, options.zipLimits);
    try {
      for (const entry of zip.entries) {
        if (entry.directory || !entry.name.toLowerCase().endsWith('.json')) continue;
        if (entry.encrypted || (entry.method !== 0 && entry.method !== 8)) {
          builder.problem(entry.name, entry.encrypted ? 'expected an unencrypted entry, got an encrypted one' : `expected compression method 0 or 8, got ${entry.method}`);
          continue;
        }
        builder.addFile(await zip.read(entry), entry.name);
      }
    } finally {
      await zip.close();
    }
  } else {
    throw new CertificationError('ADVISORY_DB_INVALID', `expected a folder or a .zip at ${source}, got another kind of file`, { path: source });
  }
  return builder.build(path.basename(source));
}

/** Writes the index as gzip JSON, atomically (a temporary file renamed into place). */
export async function saveAdvisoryIndex(index: AdvisoryIndex, file: string): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, gzipSync(JSON.stringify(index), { level: 6 }));
  await rename(temp, file);
}

/** Reads an index written by saveAdvisoryIndex; ADVISORY_DB_INVALID when it is not one. */
export async function loadAdvisoryIndex(file: string, maxBytes = 4 * 1024 ** 3): Promise<AdvisoryIndex> {
  const fail = (why: string) => new CertificationError('ADVISORY_DB_INVALID', `${file}: expected an Assay advisory index (gzip JSON, format ${ADVISORY_INDEX_VERSION}), ${why}`, { path: file });
  let text: string;
  try {
    text = gunzipSync(await readFile(file), { maxOutputLength: maxBytes }).toString('utf8');
  } catch (e) {
    throw fail(`got unreadable data: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw fail(`got invalid JSON: ${(e as Error).message}`);
  }
  const index = json as Partial<AdvisoryIndex> | null;
  if (!index || typeof index !== 'object' || index.format !== ADVISORY_INDEX_FORMAT) throw fail('got another kind of JSON document');
  if (index.formatVersion !== ADVISORY_INDEX_VERSION) throw fail(`got format version ${String(index.formatVersion)}`);
  if (!index.packages || typeof index.packages !== 'object' || !index.counts || typeof index.importedAt !== 'string') {
    throw fail('got a document without packages, counts or import time');
  }
  return index as AdvisoryIndex;
}
