import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPresent } from '../packages/test-corpus';
import { defaultPolicy } from '../policy/load-policy';
import { baseOsIdentified } from './base-os-identified';
import { baseOsNoProhibitedPackages } from './base-os-no-prohibited-packages';
import { baseOsSupported } from './base-os-supported';
import { baseOsUnmodifiedPackages } from './base-os-unmodified-packages';
import { APP_LAYER, corpusFile, osRelease, rhelBase } from './testing/fixtures';
import { imageContext, missingTools, type LayerSpec } from './testing/layered-image';
import { rpmRoots } from './testing/rpm-roots';
import type { CheckContext, CheckDefinition } from './types';

const { policy } = defaultPolicy();
const missing = missingTools('tar', 'python3', 'rpm', 'rpmbuild');
if (missing.length) console.warn(`SKIPPED: ${missing.join(', ')} not installed, so the base-os checks on a real rpmdb.sqlite do not run (apt-get install rpm)`);
const haveCorpus = corpusPresent('dpkg') && corpusPresent('apk');

const run = (check: CheckDefinition<never>, ctx: CheckContext) => check.run(ctx, (policy.checks[check.id] ?? {}) as never);
const image = (layers: LayerSpec[]) => imageContext(layers, policy);

describe.skipIf(missing.length > 0)('base-os checks on a real rpm database', () => {
  const roots = rpmRoots();
  const base = rhelBase(roots.base);

  it('identifies RHEL 9 through the /etc/os-release symlink and reads the rpm inventory', async () => {
    const ctx = await image([base, APP_LAYER]);
    const r = run(baseOsIdentified, ctx);
    expect(r).toMatchObject({ status: 'passed', message: 'Red Hat Enterprise Linux 9.4 (Plow); rpm lists 1 installed packages' });
    expect(r.evidence).toEqual([
      { path: '/etc/os-release', detail: 'ID=rhel VERSION_ID=9.4 ID_LIKE="fedora" PLATFORM_ID=platform:el9' },
      { path: '/var/lib/rpm/rpmdb.sqlite', detail: 'rpm database with 1 installed packages' },
    ]);
    expect(run(baseOsSupported, ctx)).toMatchObject({ status: 'passed', message: 'Red Hat Enterprise Linux (incl. UBI) 9 is supported until 2032-05-31 (maintenance support)' });
    expect(run(baseOsNoProhibitedPackages, ctx).status).toBe('passed');
    expect(run(baseOsUnmodifiedPackages, ctx).status).toBe('passed');
  });

  it('fails identification when the package database was deleted in a later layer', async () => {
    const ctx = await image([base, [{ path: 'var/lib/rpm', whiteout: true }]]);
    expect(run(baseOsIdentified, ctx)).toMatchObject({ status: 'failed', message: 'Red Hat Enterprise Linux 9.4 (Plow) has no package database (rpm, dpkg or apk)' });
  });

  it('skips the base-os checks for a scratch image, with the code the policy can exempt', async () => {
    const ctx = await image([[{ path: 'app', content: 'static binary', mode: 0o755 }]]);
    for (const check of [baseOsIdentified, baseOsSupported, baseOsUnmodifiedPackages, baseOsNoProhibitedPackages]) {
      expect(run(check, ctx)).toMatchObject({ status: 'skipped', skipCode: 'no-base-os' });
    }
  });

  it('finds a prohibited kernel package in a real rpm database', async () => {
    const r = run(baseOsNoProhibitedPackages, await image([rhelBase(roots.kernel)]));
    expect(r).toMatchObject({ status: 'failed', evidence: [{ package: 'kernel-core', detail: 'kernel-core 6.0-1 matches prohibited pattern "kernel-core"' }] });
  });

  describe('base-os.unmodified-packages', () => {
    it('flags a package binary overwritten in a later layer, naming the file, package and both layers', async () => {
      const r = run(baseOsUnmodifiedPackages, await image([base, [{ path: 'usr/bin/assay-tool', content: '#!/bin/sh\necho patched\n', mode: 0o755 }]]));
      expect(r.status).toBe('failed');
      expect(r.evidence).toEqual([
        {
          path: '/usr/bin/assay-tool',
          layer: 1,
          package: 'assay-base-1.0-1',
          detail: 'installed in layer 0 by assay-base-1.0-1, content replaced in layer 1 without a package update',
        },
      ]);
    });

    it('accepts the same change made by a real package upgrade (the database changes in the same layer)', async () => {
      const upgrade: LayerSpec = [
        { path: 'usr/bin/assay-tool', copyFrom: `${roots.updated}/usr/bin/assay-tool` },
        { path: 'var/lib/rpm', copyFrom: `${roots.updated}/var/lib/rpm` },
      ];
      const ctx = await image([base, upgrade]);
      expect(ctx.packageHistory.map((v) => [v.layer, v.installed?.packages.map((p) => `${p.name}-${p.version}`)])).toEqual([
        [0, ['assay-base-1.0']],
        [1, ['assay-base-1.1']],
      ]);
      expect(run(baseOsUnmodifiedPackages, ctx).status).toBe('passed');
    });

    it('still flags the overwrite when the vendor rewrites the unchanged database in the same layer', async () => {
      const evasive: LayerSpec = [
        { path: 'usr/bin/assay-tool', content: '#!/bin/sh\necho patched\n', mode: 0o755 },
        { path: 'var/lib/rpm', copyFrom: `${roots.base}/var/lib/rpm` },
      ];
      expect(run(baseOsUnmodifiedPackages, await image([base, evasive])).status).toBe('failed');
    });

    it('flags a package file replaced by a symlink and a mode widened to 0777', async () => {
      const r = run(baseOsUnmodifiedPackages, await image([
        base,
        [
          { path: 'usr/lib/assay/libassay.so', symlink: '/tmp/evil.so' },
          { path: 'usr/bin/assay-tool', copyFrom: `${roots.base}/usr/bin/assay-tool` },
        ],
        [{ path: 'usr/bin/assay-tool', copyFrom: `${roots.base}/usr/bin/assay-tool` }],
      ]));
      expect(r.evidence.map((e) => [e.path, e.layer])).toEqual([['/usr/lib/assay/libassay.so', 1]]);
      expect(r.evidence[0]!.detail).toContain('content replaced by a symlink in layer 1');
      const widened = run(baseOsUnmodifiedPackages, await image([base, [{ path: 'usr/bin/assay-tool', content: '#!/bin/sh\necho tool 1.0\n', mode: 0o777 }]]));
      expect(widened.evidence.map((e) => e.detail)).toEqual(['installed in layer 0 by assay-base-1.0-1, mode changed from 0755 to 0777 in layer 1 without a package update']);
    });

    it('ignores config and doc files, /etc and /var, and allows removing the setuid bit', async () => {
      const suidBase = rhelBase(roots.suid);
      const ctx = await image([
        suidBase,
        [
          { path: 'etc/assay.conf', content: 'setting=2\n' },
          { path: 'usr/share/doc/assay-base/README', content: 'changed\n' },
          { path: 'usr/bin/assay-su', content: '#!/bin/sh\nid\n', mode: 0o755 },
        ],
      ]);
      expect(ctx.fs.get('/usr/bin/assay-su')?.mode).toBe(0o755);
      expect(run(baseOsUnmodifiedPackages, ctx)).toMatchObject({ status: 'passed', evidence: [] });
      const added = run(baseOsUnmodifiedPackages, await image([rhelBase(roots.base), [{ path: 'usr/bin/assay-tool', content: '#!/bin/sh\necho tool 1.0\n', mode: 0o4755 }]]));
      expect(added.evidence[0]!.detail).toContain('mode changed from 0755 to 04755');
    });
  });
});

describe.skipIf(!haveCorpus || missingTools('tar').length > 0)('base-os checks on real dpkg and apk databases from the corpus', () => {
  const debian12 = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';
  const alpine318 = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.0\nPRETTY_NAME="Alpine Linux v3.18"\n';

  it('identifies Debian 12 from a real status file and judges it supported until the LTS end', async () => {
    const ctx = await image([[...osRelease(debian12), { path: 'var/lib/dpkg/status', content: readFileSync(corpusFile('dpkg/scalibr-debian12-subset/status')) }]]);
    expect(run(baseOsIdentified, ctx).status).toBe('passed');
    expect(ctx.packages).toMatchObject({ manager: 'dpkg' });
    expect(ctx.packages!.packages.length).toBe(7);
    expect(run(baseOsSupported, ctx).message).toBe('Debian 12 is supported until 2028-06-30 (LTS)');
    expect(run(baseOsNoProhibitedPackages, ctx).status).toBe('passed');
  });

  it('fails Alpine 3.18 (not a supported branch) and reads its real apk database', async () => {
    const ctx = await image([[...osRelease(alpine318), { path: 'lib/apk/db/installed', content: readFileSync(corpusFile('apk/scalibr-alpine318/installed')) }]]);
    expect(ctx.packages!.packages.length).toBe(15);
    expect(run(baseOsSupported, ctx)).toMatchObject({ status: 'failed', message: expect.stringContaining('Alpine Linux 3.18 is not a supported release line') });
  });

  it.each([
    ['ID=alpine\nVERSION_ID=3.20.3\n', '2026-11-15', 'failed', 'reached end of life on 2026-04-01'],
    ['ID=alpine\nVERSION_ID=3.22.1\n', '2026-11-15', 'passed', 'supported until 2027-05-01'],
    ['ID=ubuntu\nVERSION_ID="23.10"\n', '2026-11-15', 'failed', 'Ubuntu LTS 23.10 is not a supported release line'],
    ['ID=ubuntu\nVERSION_ID="22.04"\n', '2026-11-15', 'passed', 'supported until 2027-06-30'],
    ['ID=debian\nVERSION_ID="11"\n', '2026-11-15', 'failed', 'reached end of life on 2026-08-31'],
    ['ID=debian\nVERSION_ID="11"\n', '2026-08-31', 'passed', 'supported until 2026-08-31'],
    ['ID=centos\nVERSION_ID="8"\n', '2026-11-15', 'failed', 'CentOS Stream 8 is not a supported release line'],
    ['ID=evil\nID_LIKE=rhel\nVERSION_ID=9\n', '2026-11-15', 'failed', '"evil" is not a supported distribution'],
    ['ID=debian\n', '2026-11-15', 'failed', 'without VERSION_ID'],
  ])('judges %j on %s as %s', async (text, day, status, message) => {
    const ctx = await imageContext([[...osRelease(text), { path: 'var/lib/dpkg/status', content: readFileSync(corpusFile('dpkg/scalibr-debian12-subset/status')) }]], policy, {
      extra: { at: new Date(`${day}T12:00:00Z`) },
    });
    const r = run(baseOsSupported, ctx);
    expect([r.status, r.message]).toEqual([status, expect.stringContaining(message)]);
  });
});
