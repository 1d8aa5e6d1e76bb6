import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusPresent } from '../packages/test-corpus';
import { importAdvisories, loadAdvisoryIndex, saveAdvisoryIndex, type AdvisoryIndex } from './database';
import { buildZip, type ZipWriterEntry } from './test-zip-writer';

const OSV_DIR = path.join(CORPUS_DIR, 'osv');
const HAVE_CORPUS = corpusPresent('osv');
const NOW = new Date('2026-09-01T00:00:00Z');
const ZIP_CLI = ['/usr/bin/zip', '/bin/zip'].find((p) => existsSync(p));
if (!ZIP_CLI) console.warn('SKIPPED: the `zip` command is not installed, so the import of a zip written by Info-ZIP does not run');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'assay-advisories-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function corpusFiles(dir = OSV_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return corpusFiles(full);
    return [full];
  });
}

const record = (id: string, fixed = '2.0-1') =>
  JSON.stringify({ id, modified: '2025-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'Debian:12', name: 'pkg' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }] });

async function writeZip(name: string, entries: ZipWriterEntry[], zip64 = false): Promise<string> {
  const file = path.join(tmp, name);
  await writeFile(file, buildZip(entries, { zip64 }));
  return file;
}

describe.skipIf(!HAVE_CORPUS)('importing the real corpus', () => {
  let folder: AdvisoryIndex;
  beforeAll(async () => {
    folder = await importAdvisories(OSV_DIR, { now: NOW });
  });

  it('counts files, records, duplicates and unsupported records', () => {
    // 50 files; the importer mock array holds 25 records (24 curl records, RHSA-2018:3140 again).
    expect(folder.counts).toEqual({ files: 50, records: 74, indexed: 48, unsupported: 25, withdrawn: 0, duplicates: 1, invalid: 0 });
    expect(folder.problems).toEqual([]);
    expect(folder).toMatchObject({ format: 'assay-advisory-index', formatVersion: 1, importedAt: NOW.toISOString(), source: 'osv' });
  });

  it('keeps only distro ecosystems, with per-ecosystem counts', () => {
    expect(Object.keys(folder.packages).every((e) => /^(Debian|Ubuntu|Alpine|Red Hat|AlmaLinux):/.test(e))).toBe(true);
    expect(folder.ecosystems['Debian:9']).toEqual({ advisories: 4, packages: 4 });
    expect(folder.ecosystems['Alpine:v3.24']).toEqual({ advisories: 1, packages: 1 });
    expect(folder.ecosystems['Red Hat:enterprise_linux:7::client']).toEqual({ advisories: 1, packages: 10 });
    expect(folder.ecosystems['Ubuntu:22.04:LTS']).toEqual({ advisories: 11, packages: 8 });
  });

  it('stores compact entries with per-entry severity and exact dates', () => {
    expect(folder.packages['Alpine:v3.19'].musl).toEqual([
      {
        id: 'ALPINE-CVE-2025-26519',
        aliases: ['CVE-2025-26519'],
        ranges: [[['i', '0.9.13'], ['f', '1.2.4_git20230717-r5']]],
        severity: 'high',
        severitySource: 'cvss',
        score: 7,
        published: '2025-02-14T04:15:09.050Z',
        modified: '2026-07-08T04:32:24.548Z',
        fixed: ['1.2.4_git20230717-r5'],
      },
    ]);
    const pcre = folder.packages['Ubuntu:22.04:LTS'].pcre3[0];
    expect(pcre).toMatchObject({ id: 'UBUNTU-CVE-2017-11164', ranges: [[['i', '0']]], severity: 'high', fixed: [] });
    expect(pcre.versions).toBeUndefined();
  });

  it('saves to one gzip file and loads the same index back', async () => {
    const file = path.join(tmp, 'index.json.gz');
    await saveAdvisoryIndex(folder, file);
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(await loadAdvisoryIndex(file)).toEqual(folder);
    expect(readdirSync(tmp).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['deflated', false, 8],
    ['stored', false, 0],
    ['ZIP64', true, 8],
  ])('a %s zip of the same files gives the same index', async (label, zip64, method) => {
    const entries = corpusFiles().map((f) => ({ name: `osv/${path.relative(OSV_DIR, f)}`, data: readFileSync(f), method }));
    const file = await writeZip(`corpus-${label}.zip`, entries, zip64);
    const zipped = await importAdvisories(file, { now: NOW });
    expect(zipped.packages).toEqual(folder.packages);
    expect(zipped.counts).toEqual(folder.counts);
  });

  it.skipIf(!ZIP_CLI)('a zip written by Info-ZIP gives the same index', async () => {
    const file = path.join(tmp, 'info-zip.zip');
    execFileSync(ZIP_CLI!, ['-q', '-r', '-9', file, 'osv'], { cwd: CORPUS_DIR });
    const zipped = await importAdvisories(file, { now: NOW });
    expect(zipped.packages).toEqual(folder.packages);
  });
});

describe('bad input', () => {
  it('counts bad records and files and keeps the good ones', async () => {
    const dir = path.join(tmp, 'mixed');
    await mkdir(path.join(dir, 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'good.json'), record('GOOD-1'));
    await writeFile(path.join(dir, 'sub', 'broken.json'), '{"id": ');
    await writeFile(path.join(dir, 'sub', 'schema.json'), JSON.stringify({ id: 'BAD', published: 'last week' }));
    await writeFile(path.join(dir, 'array.json'), `[${record('GOOD-2')}, 42]`);
    await writeFile(path.join(dir, 'README.md'), '# not an advisory');
    await writeFile(path.join(dir, 'big.json'), `${record('BIG-1')}${' '.repeat(2000)}`);
    await symlink(path.join(dir, 'good.json'), path.join(dir, 'link.json'));
    const index = await importAdvisories(dir, { now: NOW, maxFileBytes: 1024 });
    expect(index.counts).toEqual({ files: 4, records: 4, indexed: 2, unsupported: 0, withdrawn: 0, duplicates: 0, invalid: 4 });
    expect(index.problems.map((p) => p.where).sort()).toEqual(['array.json[1]', 'big.json', 'sub/broken.json', 'sub/schema.json']);
    expect(index.problems.find((p) => p.where === 'sub/schema.json')!.message).toContain('published');
    expect(index.packages['Debian:12'].pkg.map((a) => a.id)).toEqual(['GOOD-1', 'GOOD-2']);
  });

  it('refuses a missing source and a file that is not a zip', async () => {
    await expect(importAdvisories(path.join(tmp, 'nothing-here'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const notZip = path.join(tmp, 'not.zip');
    await writeFile(notZip, 'PK but not really');
    await expect(importAdvisories(notZip)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
  });

  it('refuses files that are not an index', async () => {
    const cases: [string, Buffer, string][] = [
      ['garbage.gz', Buffer.from('not gzip'), 'unreadable'],
      ['json.gz', gzipSync('{"id":"X"}'), 'another kind'],
      ['version.gz', gzipSync(JSON.stringify({ format: 'assay-advisory-index', formatVersion: 99 })), 'format version 99'],
      ['bad-json.gz', gzipSync('{'), 'invalid JSON'],
    ];
    for (const [name, data, why] of cases) {
      const file = path.join(tmp, name);
      await writeFile(file, data);
      await expect(loadAdvisoryIndex(file)).rejects.toMatchObject({ code: 'ADVISORY_DB_INVALID', message: expect.stringContaining(why) });
    }
  });
});

describe('hostile zips', () => {
  const good = { name: 'good.json', data: Buffer.from(record('GOOD-1')) };

  it.each(['../evil.json', 'a/../../evil.json', '/etc/evil.json', 'C:/evil.json', 'a\\..\\evil.json', 'nul\0.json'])(
    'refuses the entry name %j',
    async (name) => {
      const file = await writeZip('traversal.zip', [good, { name, data: Buffer.from(record('EVIL-1')) }]);
      await expect(importAdvisories(file)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', details: { entry: name } });
    },
  );

  it('refuses a compression bomb by its ratio before inflating', async () => {
    const file = await writeZip('bomb.zip', [good, { name: 'zeros.json', data: Buffer.alloc(8 * 1024 * 1024) }]);
    await expect(importAdvisories(file)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 'maxCompressionRatio' } });
  });

  it('never inflates past the declared size', async () => {
    const file = await writeZip('liar.zip', [{ name: 'liar.json', data: Buffer.from(`${record('L-1')}${' '.repeat(100_000)}`), declaredSize: 100 }]);
    await expect(importAdvisories(file)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('expected at most 100 bytes') });
  });

  it('refuses entries, counts and totals over the limits', async () => {
    const three = await writeZip('three.zip', [good, { ...good, name: 'b.json' }, { ...good, name: 'c.json' }]);
    await expect(importAdvisories(three, { zipLimits: { maxEntries: 2 } })).rejects.toMatchObject({ details: { limit: 'maxEntries' } });
    await expect(importAdvisories(three, { zipLimits: { maxEntryBytes: 100 } })).rejects.toMatchObject({ details: { limit: 'maxEntryBytes' } });
    await expect(importAdvisories(three, { zipLimits: { maxTotalBytes: good.data.length * 2 } })).rejects.toMatchObject({ details: { limit: 'maxTotalBytes' } });
    expect((await importAdvisories(three)).counts.duplicates).toBe(2);
  });

  it('refuses entries that share their data', async () => {
    const file = await writeZip('overlap.zip', [good, { ...good, name: 'again.json', sameOffsetAs: 0 }]);
    await expect(importAdvisories(file)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('overlapping') });
  });

  it('refuses a CRC mismatch and a truncated archive', async () => {
    const crc = await writeZip('crc.zip', [{ ...good, declaredCrc: 1234 }]);
    await expect(importAdvisories(crc)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID', message: expect.stringContaining('CRC-32') });
    const whole = buildZip([good, { ...good, name: 'b.json' }]);
    const cut = path.join(tmp, 'cut.zip');
    await writeFile(cut, whole.subarray(0, whole.length - 30));
    await expect(importAdvisories(cut)).rejects.toMatchObject({ code: 'ARCHIVE_INVALID' });
  });

  it('counts encrypted and unsupported entries as invalid and imports the rest', async () => {
    const file = await writeZip('odd.zip', [good, { name: 'secret.json', data: Buffer.from(record('S-1')), flags: 1 }, { name: 'bzip2.json', data: Buffer.from(record('B-1')), method: 12 }]);
    const index = await importAdvisories(file, { now: NOW });
    expect(index.counts).toMatchObject({ files: 1, indexed: 1, invalid: 2 });
    expect(index.problems.map((p) => p.where)).toEqual(['secret.json', 'bzip2.json']);
  });
});
