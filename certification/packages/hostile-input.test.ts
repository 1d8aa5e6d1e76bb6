import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCertificationError } from '../errors';
import { readRpmDatabase, type RpmDatabaseKind } from './rpm-db';
import { readRpmHeader } from './rpm-header';
import { CORPUS_DIR, corpusPresent } from './test-corpus';

// Damaged and hostile databases must end in a CertificationError, never a RangeError, a hang or a
// giant allocation. Mutations are seeded so a failure reproduces.

function header(entries: [tag: number, type: number, offset: number, count: number][], data: Buffer, il = entries.length, dl = data.length): Buffer {
  const head = Buffer.alloc(8 + entries.length * 16);
  head.writeUInt32BE(il >>> 0, 0);
  head.writeUInt32BE(dl >>> 0, 4);
  entries.forEach(([tag, type, offset, count], i) => {
    head.writeUInt32BE(tag, 8 + i * 16);
    head.writeUInt32BE(type, 12 + i * 16);
    head.writeInt32BE(offset, 16 + i * 16);
    head.writeUInt32BE(count >>> 0, 20 + i * 16);
  });
  return Buffer.concat([head, data]);
}

const NAME_VERSION = Buffer.from('hello\u00001.0\u0000');

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectCleanOutcome(run: () => unknown, label: string) {
  try {
    run();
  } catch (e) {
    if (!isCertificationError(e)) throw new Error(`${label}: expected a CertificationError, got ${(e as Error)?.stack ?? String(e)}`);
    expect(['PACKAGE_DB_INVALID', 'PACKAGE_DB_UNSUPPORTED']).toContain(e.code);
  }
}

describe('hostile rpm headers', () => {
  it('reads a minimal well-formed header', () => {
    const pkg = readRpmHeader(header([[1000, 6, 0, 1], [1001, 6, 6, 1]], NAME_VERSION), 'test');
    expect(pkg).toMatchObject({ name: 'hello', version: '1.0', files: [] });
  });

  const cases: [string, Buffer, RegExp][] = [
    ['an absurd index count', header([[1000, 6, 0, 1]], NAME_VERSION, 0x7fffffff), /index entries/],
    ['an absurd data length', header([[1000, 6, 0, 1]], NAME_VERSION, 1, 0x7ffffff0), /data bytes/],
    ['a data length past the blob', header([[1000, 6, 0, 1]], NAME_VERSION, 1, NAME_VERSION.length + 100), /expected \d+ bytes/],
    ['an offset outside the data', header([[1000, 6, 5000, 1], [1001, 6, 6, 1]], NAME_VERSION), /offset 5000 outside/],
    ['a negative offset', header([[1000, 6, -16, 1], [1001, 6, 6, 1]], NAME_VERSION), /offset -16 outside/],
    ['an int32 array running past the data', header([[1000, 6, 0, 1], [1001, 6, 6, 1], [1030, 4, 0, 4]], NAME_VERSION), /overrun/],
    ['a huge count', header([[1000, 6, 0, 1], [1001, 6, 6, 1], [1117, 8, 0, 0xfffffff0]], NAME_VERSION), /count \d+ larger/],
    ['an unknown type', header([[1000, 99, 0, 1]], NAME_VERSION), /type 0\.\.9/],
    ['a string without NUL', header([[1000, 6, 0, 1], [1001, 6, 6, 1]], Buffer.from('hello\u00001.0')), /terminating NUL/],
    ['no NAME tag', header([[1001, 6, 6, 1]], NAME_VERSION), /NAME and VERSION/],
    ['a blob shorter than its prefix', Buffer.from([0, 0, 0]), /at least 8 bytes/],
  ];
  for (const [label, blob, message] of cases) {
    it(`rejects ${label}`, () => {
      expect(() => readRpmHeader(blob, 'test')).toThrowError(expect.objectContaining({ code: 'PACKAGE_DB_INVALID', message: expect.stringMatching(message) }));
    });
  }
});

const present = corpusPresent('rpmdb');
describe.skipIf(!present)('damaged copies of real rpm databases', () => {
  const samples: [string, RpmDatabaseKind, number][] = [
    ['centos8-dive-only/Packages', 'bdb', 300],
    ['libuuid/Packages', 'bdb', 150],
    ['fedora36-tzdata-only/rpmdb.sqlite', 'sqlite', 150],
    ['sle15-bci/Packages.db', 'ndb', 60],
  ];
  for (const [file, kind, rounds] of samples) {
    it(`${file}: random byte damage and truncation end cleanly`, () => {
      const original = readFileSync(path.join(CORPUS_DIR, 'rpmdb', file));
      const random = mulberry32(0xa55a ^ original.length);
      for (let round = 0; round < rounds; round++) {
        const damaged = Buffer.from(original);
        const flips = 1 + Math.floor(random() * 16);
        for (let i = 0; i < flips; i++) {
          // Bias towards the first pages where headers, page tables and slots live.
          const at = Math.floor(random() ** 3 * damaged.length);
          damaged[at] = Math.floor(random() * 256);
        }
        const cut = round % 5 === 0 ? damaged.subarray(0, Math.floor(random() * damaged.length)) : damaged;
        expectCleanOutcome(() => readRpmDatabase({ kind, file: cut, where: file }), `${file} round ${round}`);
      }
    });
  }

  it('mutated header blobs end cleanly', () => {
    const blob = readFileSync(path.join(CORPUS_DIR, 'rpmdb/_headers/go-rpmdb-blob.bin'));
    const random = mulberry32(42);
    for (let round = 0; round < 2000; round++) {
      const damaged = Buffer.from(blob);
      const at = Math.floor(random() * Math.min(damaged.length, 8 + 16 * 60));
      damaged.writeUInt32BE(Math.floor(random() * 2 ** 32), at - (at % 4));
      expectCleanOutcome(() => readRpmHeader(damaged, `round ${round}`, { files: round % 2 === 0 }), `header round ${round}`);
    }
  });
});
