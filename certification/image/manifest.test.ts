import { describe, expect, it } from 'vitest';
import { parseImageConfig } from './image-config';
import { formatPlatform, parseManifest, parsePlatform, selectPlatform, type ImageIndex } from './manifest';
import { MEDIA_TYPES } from './media-types';

const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const desc = (mediaType: string, n: number, extra: object = {}) => ({ mediaType, digest: d(n), size: 10 + n, ...extra });
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

const ociManifest = {
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.ociManifest,
  config: desc(MEDIA_TYPES.ociConfig, 1),
  layers: [desc(MEDIA_TYPES.ociLayerGzip, 2), desc(MEDIA_TYPES.ociLayerZstd, 3)],
};
const dockerList = {
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.dockerManifestList,
  manifests: [
    desc(MEDIA_TYPES.dockerManifest, 4, { platform: { os: 'linux', architecture: 'amd64' } }),
    desc(MEDIA_TYPES.dockerManifest, 5, { platform: { os: 'linux', architecture: 'arm', variant: 'v6' } }),
    desc(MEDIA_TYPES.dockerManifest, 6, { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }),
    desc(MEDIA_TYPES.dockerManifest, 7, { platform: { os: 'linux', architecture: 'arm64' } }),
    desc(MEDIA_TYPES.ociManifest, 8, { platform: { os: 'unknown', architecture: 'unknown' } }),
  ],
};

function err(fn: () => unknown): { code?: string; message?: string } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string };
  }
  return {};
}

describe('parseManifest', () => {
  it('parses an OCI manifest with its layers', () => {
    const m = parseManifest(json(ociManifest), { where: 'm', declaredMediaType: `${MEDIA_TYPES.ociManifest}; charset=utf-8` });
    expect(m.kind).toBe('manifest');
    expect(m.kind === 'manifest' && m.layers.map((l) => l.mediaType)).toEqual([MEDIA_TYPES.ociLayerGzip, MEDIA_TYPES.ociLayerZstd]);
  });

  it('infers the type of an OCI manifest without mediaType from its shape', () => {
    const { mediaType: _omit, ...noType } = ociManifest;
    expect(parseManifest(json(noType), { where: 'm' }).mediaType).toBe(MEDIA_TYPES.ociManifest);
  });

  describe('when declared and content media types disagree', () => {
    it('says MEDIA_TYPE_MISMATCH for a manifest served as a Docker manifest', () => {
      const e = err(() => parseManifest(json(ociManifest), { where: 'm', declaredMediaType: MEDIA_TYPES.dockerManifest }));
      expect(e.code).toBe('MEDIA_TYPE_MISMATCH');
      expect(e.message).toContain(MEDIA_TYPES.dockerManifest);
    });
    it('says MEDIA_TYPE_MISMATCH for an index body labelled as a manifest', () => {
      expect(err(() => parseManifest(json({ ...dockerList, mediaType: MEDIA_TYPES.dockerManifest }), { where: 'm' })).code).toBe('MEDIA_TYPE_MISMATCH');
      const { mediaType: _omit, ...untyped } = dockerList;
      expect(err(() => parseManifest(json(untyped), { where: 'm', declaredMediaType: MEDIA_TYPES.ociManifest })).code).toBe('MEDIA_TYPE_MISMATCH');
    });
    it('says MEDIA_TYPE_MISMATCH when an index arrives where a manifest is expected', () => {
      expect(err(() => parseManifest(json(dockerList), { where: 'm', expect: 'manifest' })).code).toBe('MEDIA_TYPE_MISMATCH');
    });
  });

  it.each([
    ['not JSON', Buffer.from('{oops')],
    ['an array', json([1])],
    ['schema 1', json({ schemaVersion: 1, fsLayers: [] })],
    ['both manifests and layers', json({ ...ociManifest, manifests: [] })],
    ['a negative size', json({ ...ociManifest, layers: [{ ...desc(MEDIA_TYPES.ociLayer, 2), size: -1 }] })],
    ['a bad digest', json({ ...ociManifest, config: { ...ociManifest.config, digest: 'sha256:nothex' } })],
    ['neither shape', json({ schemaVersion: 2 })],
  ])('refuses %s with MANIFEST_INVALID', (_name, bytes) => {
    expect(err(() => parseManifest(bytes, { where: 'manifest X' }))).toMatchObject({ code: 'MANIFEST_INVALID' });
  });
});

describe('platforms', () => {
  const index = parseManifest(json(dockerList), { where: 'i' }) as ImageIndex;
  it('parses and formats os/arch/variant', () => {
    expect(parsePlatform('linux/arm/v7')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(formatPlatform(parsePlatform('linux/amd64'))).toBe('linux/amd64');
    expect(err(() => parsePlatform('linux')).code).toBe('INVALID_REFERENCE');
  });
  it('selects by os/arch, by variant, and treats arm64 as arm64/v8', () => {
    expect(selectPlatform(index, parsePlatform('linux/amd64'), 'i').digest).toBe(d(4));
    expect(selectPlatform(index, parsePlatform('linux/arm/v7'), 'i').digest).toBe(d(6));
    expect(selectPlatform(index, parsePlatform('linux/arm64/v8'), 'i').digest).toBe(d(7));
  });
  it('says PLATFORM_NOT_FOUND listing what exists, without attestation entries', () => {
    const e = err(() => selectPlatform(index, parsePlatform('linux/s390x'), 'index i'));
    expect(e.code).toBe('PLATFORM_NOT_FOUND');
    expect(e.message).toContain('linux/arm/v7');
    expect(e.message).not.toContain('unknown');
  });
});

describe('parseImageConfig', () => {
  it('reads user, env, entrypoint, ports, volumes, labels incl. RUN/INSTALL/UNINSTALL, and history', () => {
    const c = parseImageConfig(
      json({
        architecture: 'amd64',
        os: 'linux',
        created: '2024-01-01T00:00:00Z',
        config: {
          User: '1001',
          Env: ['PATH=/usr/bin'],
          Entrypoint: ['/bin/app'],
          Cmd: null,
          ExposedPorts: { '8080/tcp': {} },
          Volumes: { '/data': {} },
          Labels: { RUN: 'podman run IMAGE', install: 'podman run --privileged IMAGE /install', UNINSTALL: 'x' },
        },
        rootfs: { type: 'layers', diff_ids: [d(1)] },
        history: [{ created_by: 'RUN make', empty_layer: false }, { created_by: 'ENV X=1', empty_layer: true }],
      }),
      'config c',
    );
    expect(c).toMatchObject({
      user: '1001',
      env: ['PATH=/usr/bin'],
      entrypoint: ['/bin/app'],
      exposedPorts: ['8080/tcp'],
      volumes: ['/data'],
      commandLabels: { run: 'podman run IMAGE', install: 'podman run --privileged IMAGE /install', uninstall: 'x' },
      diffIds: [d(1)],
    });
    expect(c.cmd).toBeUndefined();
    expect(c.history.map((h) => h.emptyLayer)).toEqual([false, true]);
  });
  it('refuses a config without architecture with MANIFEST_INVALID naming the field', () => {
    const e = err(() => parseImageConfig(json({ os: 'linux' }), 'config c'));
    expect(e.code).toBe('MANIFEST_INVALID');
    expect(e.message).toContain('architecture');
  });
});
