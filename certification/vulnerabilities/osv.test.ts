import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CertificationError } from '../errors';
import { CORPUS_DIR, corpusPresent } from '../packages/test-corpus';
import { advisoryAliases, isoMillis, parseOsvRecord, parseOsvTimestamp } from './osv';

const OSV_DIR = path.join(CORPUS_DIR, 'osv');
const HAVE_CORPUS = corpusPresent('osv');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return jsonFiles(full);
    return name.endsWith('.json') ? [full] : [];
  });
}

describe('parseOsvTimestamp', () => {
  it.each([
    ['2025-02-14T04:15:09.050Z', '2025-02-14T04:15:09.050Z'],
    ['2026-07-08T04:32:24.548042624Z', '2026-07-08T04:32:24.548Z'],
    ['2026-03-09T01:23:33.375630Z', '2026-03-09T01:23:33.375Z'],
    ['2025-04-03T12:17:17.502231Z', '2025-04-03T12:17:17.502Z'],
    ['2014-09-20T08:18:07Z', '2014-09-20T08:18:07.000Z'],
    ['2025-11-13T00:00:00Z', '2025-11-13T00:00:00.000Z'],
    ['2024-01-01T00:00:00.9Z', '2024-01-01T00:00:00.900Z'],
    // Truncated, not rounded: .9999 stays in the same second.
    ['2023-12-31T23:59:59.999999999Z', '2023-12-31T23:59:59.999Z'],
    ['2024-02-29T10:00:00+02:00', '2024-02-29T08:00:00.000Z'],
    ['2024-02-29T10:00:00.123456-0130', '2024-02-29T11:30:00.123Z'],
    ['2024-03-01', '2024-03-01T00:00:00.000Z'],
    ['2024-03-01t01:02:03z', '2024-03-01T01:02:03.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(isoMillis(parseOsvTimestamp(text))).toBe(iso);
  });

  it.each(['', '2024-13-01T00:00:00Z', '2023-02-29T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:00:00.1234567890Z', 'yesterday', '2024-01-01T00:00:00+25:00'])(
    'rejects %j with ADVISORY_INVALID',
    (text) => {
      expect(() => parseOsvTimestamp(text)).toThrow(expect.objectContaining({ code: 'ADVISORY_INVALID' }));
    },
  );
});

describe('parseOsvRecord', () => {
  it('keeps what matching needs and drops unknown keys', () => {
    const r = parseOsvRecord(
      {
        id: 'X-1',
        modified: '2024-01-01T00:00:00.123456789Z',
        aliases: null,
        upstream: ['CVE-1', 'X-1'],
        related: ['CVE-1', 'CVE-2'],
        severity: [{ type: 'Ubuntu', score: 'low' }],
        affected: [
          {
            package: { ecosystem: 'Ubuntu:22.04:LTS', name: 'coreutils', purl: 'pkg:deb/ubuntu/coreutils?arch=src?distro=jammy' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: ' 1.2-3 ' }] }],
            versions: null,
            ecosystem_specific: { ubuntu_priority: 'low' },
          },
        ],
        whatever: { nested: true },
      },
      'x.json',
    );
    expect(r.modified).toBe(Date.UTC(2024, 0, 1, 0, 0, 0, 123));
    expect(r.affected[0].package?.purl).toBe('pkg:deb/ubuntu/coreutils?arch=src?distro=jammy');
    expect(r.affected[0].ranges[0].events[1].fixed).toBe('1.2-3');
    expect(r.affected[0].versions).toEqual([]);
    expect(advisoryAliases(r)).toEqual(['CVE-1', 'CVE-2']);
    expect('whatever' in r).toBe(false);
  });

  it.each([
    ['no id', { modified: '2024-01-01T00:00:00Z' }, 'id'],
    ['a bad timestamp', { id: 'X', published: '2024-01-01 noon' }, 'published'],
    ['affected not a list', { id: 'X', affected: { package: {} } }, 'affected'],
    ['a package without a name', { id: 'X', affected: [{ package: { ecosystem: 'Debian:12' } }] }, 'affected.0.package.name'],
  ])('rejects a record with %s, naming the field', (_label, json, field) => {
    try {
      parseOsvRecord(json, 'feed/bad.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CertificationError);
      expect((e as CertificationError).code).toBe('ADVISORY_INVALID');
      expect((e as CertificationError).details?.field).toBe(field);
      expect((e as CertificationError).message).toContain('feed/bad.json');
    }
  });
});

describe.skipIf(!HAVE_CORPUS)('every OSV record of the corpus', () => {
  const files = HAVE_CORPUS ? jsonFiles(OSV_DIR) : [];

  it('finds the 50 record files and the importer mock array', () => {
    expect(files.length).toBe(50);
  });

  it.each(files.map((f) => [path.relative(OSV_DIR, f), f]))('%s parses, with its timestamps exact to the millisecond', (_rel, file) => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    for (const raw of Array.isArray(json) ? json : [json]) {
      const r = parseOsvRecord(raw, file);
      expect(r.id).toBe(raw.id);
      for (const key of ['published', 'modified'] as const) {
        if (raw[key] === undefined) continue;
        // The millisecond prefix of the written timestamp is what we must read back.
        const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(raw[key])!;
        expect(isoMillis(r[key]!)).toBe(`${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`);
      }
      expect(r.affected.length).toBe((raw.affected ?? []).length);
    }
  });
});
