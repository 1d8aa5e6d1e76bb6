import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../image/limits';
import { ImageFilesystem } from '../image/layers/filesystem';
import { tarArchive } from '../test-support/hostile/tar-writer';
import { defaultPolicy } from '../policy/load-policy';
import { decodeFileCapabilities } from './capabilities';
import { runChecks } from './index';
import { dangerousFlags } from './run-label';
import { securityNoEmbeddedSecrets } from './security-no-embedded-secrets';
import { securityNoFileCapabilities } from './security-no-file-capabilities';
import { securityNoPrivilegedRunLabel } from './security-no-privileged-run-label';
import { securityNonRootUser } from './security-non-root-user';
import { securityPrivilegedPorts } from './security-privileged-ports';
import { securitySetuidFiles } from './security-setuid-files';
import { securityWorldWritable } from './security-world-writable';
import { accounts, GROUP, PASSWD } from './testing/fixtures';
import { imageContext, missingTools, type LayerSpec } from './testing/layered-image';
import type { CheckContext, CheckDefinition } from './types';

const { policy } = defaultPolicy();
const missing = missingTools('tar', 'python3');
if (missing.length) console.warn(`SKIPPED: ${missing.join(', ')} not installed, so the security check tests (real layer tarballs) do not run`);

const run = (check: CheckDefinition<never>, ctx: CheckContext) => check.run(ctx, (policy.checks[check.id] ?? {}) as never);
const image = (layers: LayerSpec[], config: Record<string, unknown> = {}) => imageContext(layers, policy, { config });

/** vfs_cap_data: magic (revision | effective), then permitted/inheritable words, v3 adds the root uid. */
function capXattr(rev: 2 | 3, caps: number[], rootId = 0): Buffer {
  const b = Buffer.alloc(rev === 3 ? 24 : 20);
  b.writeUInt32LE((rev === 3 ? 0x03000000 : 0x02000000) | 1, 0);
  for (const c of caps) {
    const off = 4 + (c >> 5) * 8;
    b.writeUInt32LE((b.readUInt32LE(off) | (1 << (c & 31))) >>> 0, off);
  }
  if (rev === 3) b.writeUInt32LE(rootId, 20);
  return b;
}

describe.skipIf(missing.length > 0)('security checks on real layer tarballs', () => {
  describe('security.non-root-user', () => {
    const base: LayerSpec[] = [accounts()];
    it('passes for a numeric uid, a named non-root user and a uid missing from passwd', async () => {
      for (const User of ['1001', 'app', 'app:app', '1001:0', '4242']) {
        const r = run(securityNonRootUser, await image(base, { User }));
        expect([User, r.status]).toEqual([User, 'passed']);
      }
    });

    it.each([
      ['', 'no user'],
      ['0', 'uid 0'],
      ['root', 'uid 0'],
      ['0:0', 'uid 0'],
      ['00', 'uid 0'],
      [':1001', 'names no user'],
      ['ghost', 'not in the image'],
      ['app:nogroup', 'group "nogroup"'],
    ])('fails for User %j', async (User, why) => {
      const r = run(securityNonRootUser, await image(base, { User }));
      expect(r.status).toBe('failed');
      expect(r.message).toContain(why);
    });

    it('fails for a renamed uid-0 account, read from the final /etc/passwd', async () => {
      const layers: LayerSpec[] = [accounts(), accounts(`${PASSWD}appuser:x:0:0::/:/bin/sh\n`, GROUP)];
      const r = run(securityNonRootUser, await image(layers, { User: 'appuser' }));
      expect(r.status).toBe('failed');
      expect(r.message).toContain('uid 0');
      expect(r.evidence[0]!.detail).toContain('"appuser" uid 0');
    });
  });

  describe('security.no-privileged-run-label', () => {
    it.each([
      ['podman run --privileged ${IMAGE}', '--privileged'],
      ['podman run --privileged=true ${IMAGE}', '--privileged=true'],
      ['podman run --cap-add=cap_sys_admin ${IMAGE}', '--cap-add=cap_sys_admin'],
      ['podman run --cap-add NET_ADMIN ${IMAGE}', '--cap-add NET_ADMIN'],
      ['podman run --cap-add=chown,Sys_Module ${IMAGE}', '--cap-add=chown,Sys_Module'],
      ['docker run --cap-add all ${IMAGE}', '--cap-add all'],
      ['podman run --net=host ${IMAGE}', '--net=host'],
      ['podman run --network host ${IMAGE}', '--network host'],
      ['podman run --pid=host --ipc=host ${IMAGE}', '--pid=host'],
      ['podman run --userns=host ${IMAGE}', '--userns=host'],
      ['podman run -v /:/host ${IMAGE}', '-v /:/host'],
      ['podman run -v//:/host:ro ${IMAGE}', '-v//:/host:ro'],
      ['podman run --volume=/var/run/docker.sock:/var/run/docker.sock ${IMAGE}', '--volume=/var/run/docker.sock:/var/run/docker.sock'],
      ['podman run --mount type=bind,source=/run/podman/podman.sock,target=/s ${IMAGE}', '--mount type=bind,source=/run/podman/podman.sock,target=/s'],
      ['podman run --security-opt label=disable ${IMAGE}', '--security-opt label=disable'],
      ['podman run --security-opt=seccomp=unconfined ${IMAGE}', '--security-opt=seccomp=unconfined'],
      ['podman run --security-opt apparmor:unconfined ${IMAGE}', '--security-opt apparmor:unconfined'],
      ['sh -c "podman run --privileged ${IMAGE}"', '--privileged'],
      ["podman run '--cap-add=SYS_PTRACE' ${IMAGE}", '--cap-add=SYS_PTRACE'],
    ])('finds the flag in RUN %j', (label, flag) => {
      expect(dangerousFlags(label).map((f) => f.flag)).toContain(flag);
    });

    it.each(['podman run --privileged=false ${IMAGE}', 'podman run --cap-add=NET_BIND_SERVICE -v /data:/data --net=bridge ${IMAGE}', 'podman run --security-opt label=type:container_t ${IMAGE}'])(
      'accepts %j',
      (label) => expect(dangerousFlags(label)).toEqual([]),
    );

    it('fails the check for a privileged INSTALL label and quotes the flag; passes without labels', async () => {
      const bad = run(securityNoPrivilegedRunLabel, await image([accounts()], { Labels: { INSTALL: 'podman run --rm --cap-add=cap_sys_admin -v /:/host ${IMAGE} /install.sh' } }));
      expect(bad.status).toBe('failed');
      expect(bad.evidence.map((e) => e.detail)).toEqual([
        'INSTALL label asks for "--cap-add=cap_sys_admin": adds capability SYS_ADMIN',
        'INSTALL label asks for "-v /:/host": mounts the host root filesystem',
      ]);
      const good = run(securityNoPrivilegedRunLabel, await image([accounts()], { Labels: { RUN: 'podman run -d -p 8080:8080 ${IMAGE}' } }));
      expect(good.status).toBe('passed');
    });
  });

  describe('security.no-file-capabilities', () => {
    it('decodes v2 and v3 capability sets', () => {
      expect(decodeFileCapabilities(capXattr(2, [10, 21]))).toEqual({ revision: 2, effective: true, permitted: ['cap_net_bind_service', 'cap_sys_admin'], inheritable: [] });
      expect(decodeFileCapabilities(capXattr(3, [13, 38], 100000))).toMatchObject({ revision: 3, permitted: ['cap_net_raw', 'cap_perfmon'], rootId: 100000 });
      expect(decodeFileCapabilities(Buffer.from([1, 2]))).toBeUndefined();
    });

    it('passes without capabilities and reports each capability xattr with path, layer and names', async () => {
      expect(run(securityNoFileCapabilities, await image([[{ path: 'usr/bin/ping', content: 'elf', mode: 0o755 }]])).status).toBe('passed');
      const ctx = await image([
        [
          { path: 'usr/bin/ping', content: 'elf', mode: 0o755, xattrs: { 'security.capability': capXattr(2, [13]) } },
          { path: 'opt/deep/a/b/c/d/tool', content: 'elf2', mode: 0o755, xattrs: { 'security.capability': capXattr(3, [21], 0) } },
        ],
      ]);
      const r = run(securityNoFileCapabilities, ctx);
      expect(r.status).toBe('failed');
      expect(r.evidence).toEqual([
        // The kernel stores a v3 set whose root id is the initial namespace's as v2.
        { path: '/opt/deep/a/b/c/d/tool', layer: 0, detail: 'cap_sys_admin=ep (vfs_cap_data v2)' },
        { path: '/usr/bin/ping', layer: 0, detail: 'cap_net_raw=ep (vfs_cap_data v2)' },
      ]);
    });

    it('decodes a v3 set with a user-namespace root id as a rootless build writes it (PAX record)', async () => {
      const blob = gzipSync(tarArchive([{ name: 'usr/bin/tool', content: 'elf', mode: 0o755, pax: { 'SCHILY.xattr.security.capability': capXattr(3, [10], 100000) } }]));
      const fs = new ImageFilesystem({ limits: DEFAULT_LIMITS });
      await fs.applyLayer({ index: 0, descriptor: { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:00', size: blob.length }, stream: [blob] });
      const ctx = { fs } as unknown as CheckContext;
      expect(securityNoFileCapabilities.run(ctx, {} as never).evidence).toEqual([
        { path: '/usr/bin/tool', layer: 0, detail: 'cap_net_bind_service=ep [rootid=100000] (vfs_cap_data v3)' },
      ]);
    });

    it('still finds the capability on a file chmod-ed in a later layer', async () => {
      const cap = { 'security.capability': capXattr(2, [12]) };
      const ctx = await image([
        [{ path: 'usr/bin/tool', content: 'elf', mode: 0o755, xattrs: cap }],
        [{ path: 'usr/bin/tool', content: 'elf', mode: 0o700, xattrs: cap }],
      ]);
      const r = run(securityNoFileCapabilities, ctx);
      expect(r.evidence).toEqual([{ path: '/usr/bin/tool', layer: 1, detail: 'cap_net_admin=ep (vfs_cap_data v2)' }]);
    });
  });

  describe('security.no-embedded-secrets', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecretsecretsecret\n-----END RSA PRIVATE KEY-----\n';
    const ssh = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';
    const aws = 'AKIAZ2QWERTYUIOP7ABC';
    const ghToken = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;

    it('passes a clean image, including public keys, placeholders and AWS documentation keys', async () => {
      const ctx = await image([
        [
          { path: 'etc/ssl/certs/ca.pem', content: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
          { path: 'root/.ssh/id_ed25519.pub', content: 'ssh-ed25519 AAAAC3Nza user@host\n' },
          { path: 'opt/app/.env', content: 'PORT=8080\nDB_PASSWORD=${DB_PASSWORD}\nAPI_KEY=changeme\n' },
          { path: 'opt/app/README', content: 'Set AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE in your shell\n' },
        ],
      ]);
      const r = run(securityNoEmbeddedSecrets, ctx);
      expect(r.status).toBe('passed');
      expect(r.message).toMatch(/No secrets in [1-9]\d* scanned/);
    });

    it('finds each kind of secret, names path, layer and rule, and never shows the secret', async () => {
      const ctx = await image([
        [
          { path: 'root/.ssh/id_rsa', content: pem, mode: 0o600 },
          { path: 'home/app/.ssh/deploy', content: ssh, mode: 0o600 },
          { path: 'opt/app/config.yaml', content: `aws:\n  key: ${aws}\n` },
          { path: 'root/.git-credentials', content: 'https://bot:s3cr3tpassw0rd@github.com\n' },
          { path: 'opt/app/.env.production', content: 'PORT=80\nDATABASE_PASSWORD="hunter2hunter2"\n' },
          { path: 'root/.npmrc', content: '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n' },
          { path: 'opt/app/deploy.sh', content: `curl -H "Authorization: token ${ghToken}" https://api.github.com\n` },
          { path: 'root/.docker/config.json', content: '{"auths":{"quay.io":{"auth":"Ym90OnNlY3JldHBhc3M="}}}' },
          { path: 'root/.pypirc', content: '[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJGE0ZjQ2ZTBmLWFhYWEtYmJiYi1jY2NjLWRkZGRkZGRkZGRk\n' },
          { path: 'srv/gitlab.txt', content: 'token: glpat-abcdefghijklmnopqrst\n' },
        ],
      ]);
      const r = run(securityNoEmbeddedSecrets, ctx);
      expect(r.status).toBe('failed');
      const byPath = Object.fromEntries(r.evidence.map((e) => [e.path, e.detail]));
      expect(Object.keys(byPath).sort()).toEqual([
        '/home/app/.ssh/deploy', '/opt/app/.env.production', '/opt/app/config.yaml', '/opt/app/deploy.sh', '/root/.docker/config.json',
        '/root/.git-credentials', '/root/.npmrc', '/root/.pypirc', '/root/.ssh/id_rsa', '/srv/gitlab.txt',
      ]);
      expect(byPath['/root/.ssh/id_rsa']).toContain('pem-private-key');
      expect(byPath['/home/app/.ssh/deploy']).toContain('openssh-private-key');
      expect(byPath['/opt/app/config.yaml']).toContain('aws-access-key-id (line 2)');
      expect(byPath['/root/.git-credentials']).toContain('git-credentials');
      expect(byPath['/opt/app/.env.production']).toContain('env-file-secret (line 2)');
      expect(byPath['/root/.npmrc']).toMatch(/npm-token|npmrc-auth-token/);
      expect(byPath['/opt/app/deploy.sh']).toContain('github-token');
      expect(byPath['/root/.docker/config.json']).toContain('docker-config-auth');
      expect(byPath['/root/.pypirc']).toMatch(/pypi-token/);
      expect(byPath['/srv/gitlab.txt']).toContain('gitlab-token');
      expect(r.evidence.every((e) => e.layer === 0)).toBe(true);
      const text = JSON.stringify(r);
      for (const secret of ['MIIEpAIBAAKCAQEA', aws, 's3cr3tpassw0rd', 'hunter2', ghToken, 'Ym90OnNlY3JldHBhc3M', 'glpat-abcdefghijklmnopqrst', 'npm_abcdefghij']) {
        expect(text).not.toContain(secret);
      }
    });

    it('counts a key deleted in a later layer, and one overwritten later, naming the layer that holds it', async () => {
      const ctx = await image([
        [{ path: 'build/key.pem', content: pem }, { path: 'opt/app/token.txt', content: ghToken }],
        [{ path: 'build/key.pem', whiteout: true }, { path: 'opt/app/token.txt', content: 'rotated' }],
      ]);
      const r = run(securityNoEmbeddedSecrets, ctx);
      expect(ctx.fs.get('/build/key.pem')).toBeUndefined();
      expect(r.evidence).toEqual([
        { path: '/build/key.pem', layer: 0, detail: 'pem-private-key (line 1); deleted in layer 1, but layer 0 still holds it' },
        { path: '/opt/app/token.txt', layer: 0, detail: 'github-token (line 1); overwritten in layer 1, but layer 0 still holds it' },
      ]);
    });

    it('finds a key inside a tar-looking name and inside a real tar archive in the image', async () => {
      const { execFileSync } = await import('node:child_process');
      const { mkdtempSync, writeFileSync, readFileSync, rmSync } = await import('node:fs');
      const dir = mkdtempSync('/tmp/assay-nested-');
      try {
        writeFileSync(`${dir}/id_ecdsa`, ssh);
        execFileSync('tar', ['-C', dir, '-czf', `${dir}/backup.tgz`, 'id_ecdsa']);
        const ctx = await image([
          [
            { path: 'var/backups/etc.tar', content: pem },
            { path: 'opt/app/backup.tgz', content: readFileSync(`${dir}/backup.tgz`) },
          ],
        ]);
        const r = run(securityNoEmbeddedSecrets, ctx);
        expect(r.evidence.map((e) => [e.path, e.detail])).toEqual([
          ['/opt/app/backup.tgz', 'openssh-private-key in archive member id_ecdsa (line 1)'],
          ['/var/backups/etc.tar', 'pem-private-key (line 1)'],
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('honours the policy toggles', async () => {
      const ctx = await image([[{ path: 'opt/app/.env', content: 'SECRET_TOKEN=abcdef123456\n' }]]);
      expect(securityNoEmbeddedSecrets.run(ctx, { rules: { envFiles: false } }).status).toBe('passed');
      expect(securityNoEmbeddedSecrets.run(ctx, {}).status).toBe('failed');
    });
  });

  describe('security.setuid-files and security.world-writable (warnings)', () => {
    it('lists setuid/setgid files and world-writable paths, ignoring symlinks and sticky directories', async () => {
      const ctx = await image([
        [
          { path: 'usr/bin/su', content: 'elf', mode: 0o4755 },
          { path: 'usr/bin/wall', content: 'elf', mode: 0o2755, gid: 5 },
          { path: 'tmp', dir: true, mode: 0o1777 },
          { path: 'usr/bin/ls', content: 'elf', mode: 0o755 },
          { path: 'usr/lib/link', symlink: '../bin/ls' },
        ],
        [{ path: 'opt/a/b/c/d/e/f/hidden.conf', content: 'x', mode: 0o666 }, { path: 'var/shared', dir: true, mode: 0o777 }],
      ]);
      const setuid = run(securitySetuidFiles, ctx);
      expect(setuid.evidence.map((e) => `${e.path} ${e.detail}`)).toEqual(['/usr/bin/su setuid (uid 0), mode 04755', '/usr/bin/wall setgid (gid 5), mode 02755']);
      const ww = run(securityWorldWritable, ctx);
      expect(ww.evidence.map((e) => `${e.path}@${e.layer}`)).toEqual(['/opt/a/b/c/d/e/f/hidden.conf@1', '/var/shared@1']);
      const results = Object.fromEntries(runChecks(ctx).map((r) => [r.id, r]));
      expect(results['security.setuid-files']).toMatchObject({ status: 'warning', required: false });
      expect(results['security.world-writable']).toMatchObject({ status: 'warning', required: false });
    });

    it('passes when there is nothing to list', async () => {
      const ctx = await image([[{ path: 'tmp', dir: true, mode: 0o1777 }, { path: 'usr/bin/ls', content: 'elf', mode: 0o755 }]]);
      expect(run(securitySetuidFiles, ctx).status).toBe('passed');
      expect(run(securityWorldWritable, ctx).status).toBe('passed');
    });
  });

  describe('security.privileged-ports', () => {
    it('warns for a non-root image exposing a port below 1024, not for root or high ports', async () => {
      const low = run(securityPrivilegedPorts, await image([accounts()], { User: 'app', ExposedPorts: { '80/tcp': {}, '8443/tcp': {}, '53/udp': {} } }));
      expect(low).toMatchObject({ status: 'failed', evidence: [{ detail: 'ExposedPorts 80/tcp' }, { detail: 'ExposedPorts 53/udp' }] });
      expect(run(securityPrivilegedPorts, await image([accounts()], { User: 'app', ExposedPorts: { '8080/tcp': {} } })).status).toBe('passed');
      expect(run(securityPrivilegedPorts, await image([accounts()], { User: 'root', ExposedPorts: { '80/tcp': {} } })).status).toBe('skipped');
    });
  });
});
