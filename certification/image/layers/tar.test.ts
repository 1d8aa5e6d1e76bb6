import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, linkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificationError } from '../../errors';
import { DEFAULT_LIMITS } from '../limits';
import { TarParser, readTar, type TarHeader } from './tar';
import { END_OF_ARCHIVE, paxBody, tarArchive, tarEntry, tarHeader } from '../../test-support/hostile/tar-writer';

interface Parsed {
  header: TarHeader;
  content: Buffer;
}

function parse(tar: Buffer, chunkSize = tar.length, limits = DEFAULT_LIMITS): Parsed[] {
  const out: Parsed[] = [];
  let parts: Buffer[] = [];
  const parser = new TarParser(
    {
      entry: (header) => {
        parts = [];
        out.push({ header, content: Buffer.alloc(0) });
      },
      data: (chunk) => parts.push(Buffer.from(chunk)),
      entryEnd: () => {
        out[out.length - 1]!.content = Buffer.concat(parts);
      },
    },
    { limits, where: 'layer 0 (test)' },
  );
  for (let i = 0; i < tar.length; i += chunkSize) parser.write(tar.subarray(i, i + chunkSize));
  parser.end();
  return out;
}

function parseError(tar: Buffer, limits = DEFAULT_LIMITS): CertificationError {
  try {
    parse(tar, tar.length, limits);
  } catch (e) {
    if (e instanceof CertificationError) return e;
    throw e;
  }
  throw new Error('expected the parser to fail');
}

describe('TarParser', () => {
  describe('when reading ustar headers', () => {
    it('joins the prefix field to the name and keeps mode bits, owners and times', () => {
      const [e] = parse(
        tarArchive([{ name: 'file.txt', prefix: 'usr/share/very/deep', content: 'hi', mode: 0o4755, uid: 1001, gid: 1002, uname: 'app', gname: 'staff', mtime: 1234567890 }]),
      );
      expect(e!.header).toMatchObject({ name: 'usr/share/very/deep/file.txt', type: 'file', mode: 0o4755, uid: 1001, gid: 1002, uname: 'app', gname: 'staff', mtime: 1234567890, size: 2, format: 'ustar' });
      expect(e!.content.toString()).toBe('hi');
    });

    it('reads every entry type, device numbers included', () => {
      const entries = parse(
        tarArchive([
          { name: 'd/', type: '5', mode: 0o1777 },
          { name: 'd/l', type: '2', linkName: '../target' },
          { name: 'd/h', type: '1', linkName: 'd/f' },
          { name: 'dev/null', type: '3', devMajor: 1, devMinor: 3 },
          { name: 'dev/sda', type: '4', devMajor: 8, devMinor: 0 },
          { name: 'p', type: '6' },
          { name: 'c', type: '7', content: 'contiguous' },
        ]),
      );
      expect(entries.map((e) => [e.header.name, e.header.type])).toEqual([
        ['d/', 'directory'],
        ['d/l', 'symlink'],
        ['d/h', 'hardlink'],
        ['dev/null', 'char-device'],
        ['dev/sda', 'block-device'],
        ['p', 'fifo'],
        ['c', 'file'],
      ]);
      expect(entries[0]!.header.mode).toBe(0o1777);
      expect(entries[1]!.header.linkName).toBe('../target');
      expect(entries[3]!.header).toMatchObject({ devMajor: 1, devMinor: 3 });
      expect(entries[4]!.header).toMatchObject({ devMajor: 8, devMinor: 0 });
    });

    it('treats a v7 regular file whose name ends in a slash as a directory', () => {
      const [e] = parse(tarArchive([{ name: 'old/', type: '0', format: 'v7' }]));
      expect(e!.header).toMatchObject({ type: 'directory', format: 'v7' });
    });

    it('gives header-only types no content even when their size field says otherwise', () => {
      const tar = Buffer.concat([tarHeader({ name: 'l', type: '2', linkName: 'x', size: 5 }), tarEntry({ name: 'next', content: 'ok' }), END_OF_ARCHIVE]);
      const entries = parse(tar);
      expect(entries.map((e) => e.header.name)).toEqual(['l', 'next']);
      expect(entries[1]!.content.toString()).toBe('ok');
    });
  });

  describe('when reading GNU extensions', () => {
    it('reads L and K long name and link records', () => {
      const long = 'a/'.repeat(120) + 'file';
      const link = 'b/'.repeat(90) + 'target';
      const [e] = parse(tarArchive([{ name: long, type: '2', linkName: link, gnuLong: true, format: 'gnu' }]));
      expect(e!.header).toMatchObject({ name: long, linkName: link, format: 'gnu' });
    });

    it('reads base-256 sizes and ids', () => {
      const size = Buffer.alloc(12);
      size[0] = 0x80;
      size.writeUInt32BE(3, 8);
      const [e] = parse(tarArchive([{ name: 'f', sizeField: size, content: 'abc' }]));
      expect(e!.header.size).toBe(3);
      expect(e!.content.toString()).toBe('abc');
    });

    it('refuses a negative base-256 size', () => {
      const size = Buffer.alloc(12, 0xff);
      const err = parseError(tarArchive([{ name: 'f', sizeField: size }]));
      expect(err.code).toBe('TAR_INVALID');
      expect(err.message).toMatch(/non-negative size, got -1/);
    });
  });

  describe('when reading PAX records', () => {
    it('applies path, linkpath, size, ids, names, mtime and raw SCHILY xattrs', () => {
      const cap = Buffer.from('0100000200200000000000000000000000000000', 'hex');
      const [e] = parse(
        tarArchive([
          {
            name: 'short',
            content: 'payload',
            pax: {
              path: 'ünïcode/' + 'x'.repeat(150),
              uid: '4000000000',
              gid: '5',
              uname: 'bob',
              gname: 'wheel',
              mtime: '1700000000.25',
              'SCHILY.xattr.security.capability': cap,
              'SCHILY.xattr.user.note': 'hello',
            },
          },
        ]),
      );
      expect(e!.header).toMatchObject({ name: 'ünïcode/' + 'x'.repeat(150), uid: 4000000000, gid: 5, uname: 'bob', gname: 'wheel', mtime: 1700000000.25, format: 'pax' });
      expect(e!.header.xattrs!['security.capability']!.equals(cap)).toBe(true);
      expect(e!.header.xattrs!['user.note']!.toString()).toBe('hello');
    });

    it('lets a PAX size override the header size field', () => {
      const [e] = parse(tarArchive([{ name: 'f', size: 0, content: 'twelve bytes', pax: { size: '12' } }]));
      expect(e!.content.toString()).toBe('twelve bytes');
    });

    it('applies global records to every later entry until overridden', () => {
      const g = paxBody({ uname: 'global', gid: '77' });
      const tar = Buffer.concat([
        tarHeader({ name: 'g', type: 'g', size: g.length }),
        Buffer.concat([g, Buffer.alloc(512 - g.length)]),
        tarEntry({ name: 'a' }),
        tarEntry({ name: 'b', pax: { gid: '1' } }),
        END_OF_ARCHIVE,
      ]);
      const [a, b] = parse(tar);
      expect(a!.header).toMatchObject({ uname: 'global', gid: 77 });
      expect(b!.header).toMatchObject({ uname: 'global', gid: 1 });
    });

    it('refuses a record whose length runs past the header', () => {
      const err = parseError(tarArchive([{ name: 'f', paxRaw: Buffer.from('999 path=x\n') }]));
      expect(err.code).toBe('TAR_INVALID');
      expect(err.message).toMatch(/declares length 999/);
    });

    it('refuses a PAX header larger than maxPaxHeaderBytes before buffering it', () => {
      const err = parseError(tarArchive([{ name: 'f', pax: { comment: 'x'.repeat(5000) } }]), { ...DEFAULT_LIMITS, maxPaxHeaderBytes: 4096 });
      expect(err.code).toBe('LIMIT_EXCEEDED');
      expect(err.details).toMatchObject({ limit: 'maxPaxHeaderBytes', max: 4096 });
    });
  });

  describe('when the archive is damaged', () => {
    it('refuses a bad header checksum, naming the offset and the entry', () => {
      const err = parseError(tarArchive([{ name: 'ok', content: 'x' }, { name: 'bad', checksum: 1234 }]));
      expect(err.code).toBe('TAR_INVALID');
      expect(err.message).toMatch(/at byte 1024, entry "bad": bad header checksum \(expected 1234/);
    });

    it('refuses content shorter than the declared size', () => {
      const tar = Buffer.concat([tarHeader({ name: 'big', size: 10_000 }), Buffer.alloc(600, 1)]);
      const err = parseError(tar);
      expect(err.code).toBe('TAR_INVALID');
      expect(err.message).toMatch(/"big" declares more content than the layer holds \(expected 9400 more bytes/);
    });

    it('refuses a header cut short', () => {
      const err = parseError(Buffer.concat([tarEntry({ name: 'a', content: 'x' }), tarEntry({ name: 'b' })]).subarray(0, 1024 + 100));
      expect(err.message).toMatch(/header is truncated \(expected 512 bytes, got 100\)/);
    });

    it('accepts end of data at an entry boundary and ignores bytes after the end marker', () => {
      expect(parse(tarEntry({ name: 'a' })).length).toBe(1);
      const withTrailer = Buffer.concat([tarArchive([{ name: 'a' }]), tarEntry({ name: 'hidden' })]);
      expect(parse(withTrailer).map((e) => e.header.name)).toEqual(['a']);
    });

    it('refuses a header after a lone zero block', () => {
      const tar = Buffer.concat([tarEntry({ name: 'a' }), Buffer.alloc(512), tarEntry({ name: 'b' })]);
      expect(parseError(tar).message).toMatch(/expected a second zero block/);
    });
  });

  it('gives the same result whatever the chunking', () => {
    const tar = tarArchive([
      { name: 'x'.repeat(130), gnuLong: true, format: 'gnu', content: randomBytes(3000) },
      { name: 'p', pax: { path: 'pax/name' }, content: 'abc' },
      { name: 'd/', type: '5' },
    ]);
    const whole = parse(tar);
    for (const size of [1, 7, 511, 513, 4096]) {
      const chunked = parse(tar, size);
      expect(chunked.map((e) => [e.header.name, e.content.toString('hex')])).toEqual(whole.map((e) => [e.header.name, e.content.toString('hex')]));
    }
  });

  it('also reads as an async iterator of events', async () => {
    const tar = tarArchive([{ name: 'a', content: 'AAA' }, { name: 'b/', type: '5' }]);
    async function* src() {
      yield tar.subarray(0, 700);
      yield tar.subarray(700);
    }
    const kinds: string[] = [];
    for await (const ev of readTar(src(), { limits: DEFAULT_LIMITS, where: 'test' })) {
      kinds.push(ev.kind === 'entry' ? `entry:${ev.header.name}` : ev.kind === 'data' ? `data:${ev.chunk.toString()}` : 'end');
    }
    expect(kinds.join(' ')).toBe('entry:a data:AAA end entry:b/ end');
  });
});

describe('TarParser against GNU tar', () => {
  let dir: string;
  let tree: string;
  const expected = new Map<string, { type: string; size: number; mode: number; sha256?: string; link?: string }>();

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'assay-tar-'));
    tree = path.join(dir, 'tree');
    const longDir = path.join(tree, 'a'.repeat(60), 'b'.repeat(60));
    mkdirSync(longDir, { recursive: true });
    writeFileSync(path.join(tree, 'short.txt'), 'short\n');
    writeFileSync(path.join(longDir, 'c'.repeat(40) + '.txt'), 'deep');
    writeFileSync(path.join(tree, 'big.bin'), randomBytes(100_000));
    writeFileSync(path.join(tree, 'empty'), '');
    writeFileSync(path.join(tree, 'suid'), '#!/bin/sh\n');
    chmodSync(path.join(tree, 'suid'), 0o4755);
    mkdirSync(path.join(tree, 'tmp'));
    chmodSync(path.join(tree, 'tmp'), 0o1777);
    symlinkSync('short.txt', path.join(tree, 'link'));
    linkSync(path.join(tree, 'short.txt'), path.join(tree, 'zz-hard'));
    execFileSync('mkfifo', [path.join(tree, 'pipe')]);
    const walk = (rel: string): void => {
      const abs = path.join(tree, rel);
      const st = lstatSync(abs);
      const type = st.isDirectory() ? 'directory' : st.isSymbolicLink() ? 'symlink' : st.isFIFO() ? 'fifo' : 'file';
      if (rel !== '') {
        expected.set(rel, {
          type,
          size: type === 'file' ? st.size : 0,
          mode: st.mode & 0o7777,
          sha256: type === 'file' ? createHash('sha256').update(readFileSync(abs)).digest('hex') : undefined,
          link: type === 'symlink' ? readlinkSync(abs) : undefined,
        });
      }
      if (type === 'directory') for (const child of readdir(abs)) walk(path.join(rel, child));
    };
    walk('');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function readdir(abs: string): string[] {
    return execFileSync('ls', ['-A', abs], { encoding: 'utf8' }).split('\n').filter(Boolean);
  }

  for (const format of ['ustar', 'gnu', 'pax'] as const) {
    it(`reads what tar --format=${format} writes`, () => {
      const out = path.join(dir, `${format}.tar`);
      const owner = format === 'ustar' ? ['--owner=1000', '--group=1000'] : ['--owner=3000000', '--group=3000001'];
      execFileSync('tar', [`--format=${format}`, '--numeric-owner', ...owner, '-cf', out, '-C', tree, '.']);
      const entries = parse(readFileSync(out), 4096);
      const seen = new Map<string, Parsed>();
      for (const e of entries) seen.set(e.header.name.replace(/^\.\//, '').replace(/\/$/, ''), e);
      seen.delete('');
      expect([...seen.keys()].sort()).toEqual([...expected.keys()].sort());
      const hardlinks = entries.filter((e) => e.header.type === 'hardlink');
      expect(hardlinks.length).toBe(1);
      for (const [name, want] of expected) {
        const got = seen.get(name)!;
        expect(got.header.uid).toBe(format === 'ustar' ? 1000 : 3000000);
        expect(got.header.gid).toBe(format === 'ustar' ? 1000 : 3000001);
        if (got.header.type === 'hardlink') {
          expect(['short.txt', 'zz-hard']).toContain(name);
          continue;
        }
        expect({ name, type: got.header.type, mode: got.header.mode }).toEqual({ name, type: want.type, mode: want.mode });
        if (want.type === 'file') {
          expect(got.header.size).toBe(want.size);
          expect(createHash('sha256').update(got.content).digest('hex')).toBe(want.sha256);
        }
        if (want.link) expect(got.header.linkName).toBe(want.link);
      }
    });
  }
});
