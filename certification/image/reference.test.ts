import { describe, expect, it } from 'vitest';
import { formatReference, parseReference } from './reference';
import { CertificationError } from '../errors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as CertificationError).code;
  }
  return undefined;
}

describe('parseReference', () => {
  describe('when the transport is docker://', () => {
    it('splits host with port, nested repository and tag', () => {
      expect(parseReference('docker://127.0.0.1:5000/ns/sub/name:1.0')).toEqual({
        transport: 'docker',
        registry: '127.0.0.1:5000',
        repository: 'ns/sub/name',
        tag: '1.0',
      });
    });
    it('keeps tag and digest together', () => {
      const d = `sha256:${'a'.repeat(64)}`;
      expect(parseReference(`docker://quay.io/org/app:v2@${d}`)).toMatchObject({ registry: 'quay.io', repository: 'org/app', tag: 'v2', digest: d });
    });
    it('defaults to Docker Hub and library/ like skopeo', () => {
      expect(parseReference('docker://busybox')).toMatchObject({ registry: 'docker.io', repository: 'library/busybox' });
      expect(parseReference('docker://localhost/x')).toMatchObject({ registry: 'localhost', repository: 'x' });
    });
    it('round-trips through formatReference', () => {
      const s = `docker://r.example.com:8443/a/b@sha256:${'0'.repeat(64)}`;
      expect(formatReference(parseReference(s))).toBe(s);
    });
    it.each([
      ['docker:busybox', 'missing //'],
      ['docker://Reg.io/UPPER/name', 'uppercase repository'],
      ['docker://reg.io/name:bad tag', 'space in tag'],
      ['docker://reg.io/name@sha256:abc', 'short digest'],
      ['docker://reg.io/name@md5:' + 'a'.repeat(32), 'unknown algorithm'],
      ['docker://reg.io/../etc', 'dot-dot component'],
      ['docker://reg.io/', 'empty repository'],
    ])('refuses %s (%s) with INVALID_REFERENCE', (s) => {
      expect(codeOf(() => parseReference(s))).toBe('INVALID_REFERENCE');
    });
  });

  describe('when the transport is a file format', () => {
    it('reads oci:DIR:TAG splitting at the first colon', () => {
      expect(parseReference('oci:/tmp/layout:v1.2')).toEqual({ transport: 'oci', path: '/tmp/layout', tag: 'v1.2' });
      expect(parseReference('oci:relative/dir')).toEqual({ transport: 'oci', path: 'relative/dir' });
    });
    it('reads oci-archive with and without tag', () => {
      expect(parseReference('oci-archive:/a/b.tar:latest')).toEqual({ transport: 'oci-archive', path: '/a/b.tar', tag: 'latest' });
    });
    it('reads docker-archive NAME:TAG and @INDEX selectors', () => {
      expect(parseReference('docker-archive:/x.tar:assay/base:1.0')).toEqual({ transport: 'docker-archive', path: '/x.tar', tag: 'assay/base:1.0' });
      expect(parseReference('docker-archive:/x.tar:@1')).toEqual({ transport: 'docker-archive', path: '/x.tar', index: 1 });
      expect(codeOf(() => parseReference('docker-archive:/x.tar:@-1'))).toBe('INVALID_REFERENCE');
    });
    it('refuses an empty path or empty tag', () => {
      expect(codeOf(() => parseReference('oci:'))).toBe('INVALID_REFERENCE');
      expect(codeOf(() => parseReference('oci:/dir:'))).toBe('INVALID_REFERENCE');
    });
  });

  describe('when the transport is unknown', () => {
    it('says UNSUPPORTED_TRANSPORT and names the supported ones', () => {
      expect(() => parseReference('containers-storage:foo')).toThrow(/expected one of docker, oci, oci-archive, docker-archive/);
      expect(codeOf(() => parseReference('http://x/y'))).toBe('UNSUPPORTED_TRANSPORT');
    });
    it('says INVALID_REFERENCE when there is no transport at all', () => {
      expect(codeOf(() => parseReference('busybox'))).toBe('INVALID_REFERENCE');
    });
  });
});
