import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageFixtures, pushToRegistry, type ImageFixtures } from '../test-support/images';
import { startBasicAuthProxy, startRegistry, type RunningRegistry, type RunningServer } from '../test-support/registry';
import type { InspectReport } from './inspect';

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'assay.js');
let fx: ImageFixtures;
let registry: RunningRegistry;
let proxy: RunningServer;

function assay(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ASSAY_DEBUG: '' }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  fx = imageFixtures();
  registry = await startRegistry();
  pushToRegistry(fx.layout, 'multi', `docker://${registry.host}/isv/app:2.0`, { all: true });
  proxy = await startBasicAuthProxy(registry.host, { username: 'isv', password: 'pw' });
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});

describe('assay inspect', () => {
  it('prints JSON for a registry image behind basic auth, with the chosen platform', async () => {
    const r = await assay('inspect', `docker://${proxy.host}/isv/app:2.0`, '--tls-verify=false', '--creds', 'isv:pw', '--platform', 'linux/arm64', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as InspectReport;
    expect(report).toMatchObject({
      digest: fx.digests.arm64,
      indexDigest: fx.digests.multi,
      platform: 'linux/arm64',
      platforms: ['linux/amd64', 'linux/arm64/v8'],
      tags: ['2.0'],
      labels: { name: 'assay-arm64' },
      osRelease: { id: 'assaylinux', versionId: '9.4', path: '/etc/os-release' },
      config: { user: '1001:0', exposedPorts: ['8080/tcp'] },
    });
    expect(report.layers).toHaveLength(2);
    expect(report.files).toBeGreaterThan(5);
  });

  it('prints text for every archive transport', async () => {
    const results = await Promise.all([
      assay('inspect', `oci:${fx.layout}:base`),
      assay('inspect', `oci-archive:${fx.ociArchive}`),
      assay('inspect', `docker-archive:${fx.dockerArchive}`, '--format', 'text'),
    ]);
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^OS: +Assay Test Linux 9\.4 \(Plow\)/m);
      expect(r.stdout).toMatch(/^Layers \(2,/m);
      expect(r.stdout).toContain('RUN=podman run -d IMAGE');
    }
    expect(results[2]!.stdout).toMatch(/^Tags: +docker\.io\/assay\/base:1\.0$/m);
  });
});

describe('assay ls', () => {
  it('lists the final tree with mode, owner, size, layer and symlink targets', async () => {
    const r = await assay('ls', `oci:${fx.layout}:base`);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.find((l) => l.endsWith('/usr/bin/hello'))).toMatch(/^-rwxr-xr-x 0:0 +32 L0 \/usr\/bin\/hello$/);
    expect(lines.find((l) => l.includes('/usr/bin/hi '))).toMatch(/^lrwxrwxrwx 0:0 +0 L0 \/usr\/bin\/hi -> hello$/);
    expect(lines.find((l) => l.endsWith('/opt/app/data.txt'))).toMatch(/^-rw-r--r-- 0:0 +10 L1 /);
    expect(lines.some((l) => l.includes('/tmp/gone.txt'))).toBe(false);
  });

  it('limits the listing to PATH', async () => {
    const r = await assay('ls', `docker-archive:${fx.dockerArchive}`, '/usr/bin');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => l.split(' ').pop())).toEqual(['/usr/bin', '/usr/bin/hello', 'hello']);
  });
});

describe('when the input is bad', () => {
  const cases: Array<[string[], RegExp]> = [
    [['inspect', 'nope:thing'], /unsupported transport "nope"/],
    [['inspect', 'oci:/does/not/exist'], /expected an OCI layout/],
    [['inspect', '--format', 'yaml', 'oci:/x'], /--format: expected json or text/],
    [['ls', 'oci:/x', 'relative/path'], /expected an absolute PATH/],
    [['inspect', 'docker://127.0.0.1:1/x/y:1', '--tls-verify=false'], /NETWORK_ERROR/],
    [['inspect', 'docker://h/x', '--tls-verify=maybe'], /--tls-verify: expected true or false/],
    [['frobnicate'], /unknown command/],
    [['inspect', '--wat'], /Unknown option/],
  ];
  // Each run starts Node and tsx (about a second of CPU): start them all at once.
  let results: Array<{ code: number; stdout: string; stderr: string }>;
  beforeAll(async () => {
    results = await Promise.all(cases.map(([args]) => assay(...args)));
  });

  it.each(cases.map((c, i) => [c[0].join(' '), i] as const))('"%s" exits 2 with one line on stderr and no stack', (_name, i) => {
    const r = results[i]!;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^assay: error: /);
    expect(r.stderr).toMatch(cases[i]![1]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for wrong credentials and for an unknown platform', async () => {
    const [creds, platform] = await Promise.all([
      assay('inspect', `docker://${proxy.host}/isv/app:2.0`, '--insecure', '--creds', 'isv:wrong'),
      assay('ls', `oci:${fx.layout}:multi`, '--platform', 'linux/riscv64'),
    ]);
    expect(creds).toMatchObject({ code: 2, stderr: expect.stringMatching(/^assay: error: .*UNAUTHORIZED\]\n$/) });
    expect(platform).toMatchObject({ code: 2, stderr: expect.stringContaining('PLATFORM_NOT_FOUND') });
  });

  it('prints help with exit 0', async () => {
    const [inspect, ls] = await Promise.all([assay('inspect', '--help'), assay('ls', '-h')]);
    expect(inspect).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: assay inspect <source>') });
    expect(ls).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: assay ls <source> [PATH]') });
  });
});
