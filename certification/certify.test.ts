import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certify, type CertifyOptions, type CertifyProgress } from './certify';
import { certifySbom } from './certify-sbom';
import { CHECKS } from './checks/index';
import { missingTools } from './checks/testing/layered-image';
import type { CertificationReport } from './report/build-report';
import { parseWaivers } from './report/waivers';
import { loadTrustMaterial, type TrustMaterial } from './signatures/trust';
import { startCertifyWorld, TAG, writeDebianAdvisory, type CertifyWorld } from './test-support/certify-fixtures';
import { importAdvisories, type AdvisoryIndex } from './vulnerabilities/database';

const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'report.schema.json'), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);
const expectValid = (report: unknown) => expect(validate(report), JSON.stringify(validate.errors, null, 1)).toBe(true);

const AT = new Date('2026-11-15T12:00:00Z');
const missing = missingTools('umoci', 'skopeo', 'docker-registry', 'gpg', 'rpm', 'rpmbuild');
if (missing.length) console.warn(`SKIPPED: ${missing.join(', ')} not installed, so the end-to-end certify() tests do not run`);

const check = (r: CertificationReport, id: string) => r.checks.find((c) => c.id === id)!;
const problems = (r: CertificationReport) => r.checks.filter((c) => c.status !== 'passed' && !c.waiver).map((c) => `${c.id}: ${c.status}: ${c.message}`);

describe.skipIf(missing.length > 0)('certify() end to end', () => {
  let world: CertifyWorld;
  let trust: TrustMaterial;
  let advisories: AdvisoryIndex;
  let base: Omit<CertifyOptions, 'source'>;

  beforeAll(async () => {
    world = await startCertifyWorld();
    trust = await loadTrustMaterial({ publicKeys: [readFileSync(world.keyFile)], openpgpKeys: [readFileSync(world.gpgKeyFile)] });
    writeDebianAdvisory(path.join(world.tmp, 'osv'), { published: '2026-10-01T00:00:00Z' });
    advisories = await importAdvisories(path.join(world.tmp, 'osv'));
    base = { trust, lookaside: [world.lookaside], advisories, at: AT, registry: { tlsVerify: false, ssrfGuard: { enabled: false } } };
  });
  afterAll(async () => {
    await world?.stop();
  });

  describe('when the RHEL-like image is signed with GPG (lookaside) and cosign', () => {
    it('is certifiable, every check passes, both signatures verify and the report follows the schema', async () => {
      const stages: CertifyProgress[] = [];
      const report = await certify({ ...base, source: `docker://${world.repos.signed}:${TAG}`, onProgress: (p) => stages.push(p) });
      expect(problems(report)).toEqual([]);
      expect(report.verdict).toBe('certifiable');
      expect(report).toMatchObject({
        evaluatedAt: AT.toISOString(),
        image: { identity: world.repos.signed, digest: world.images.digests.rhel, tags: [TAG], user: '1001', layers: 2, platform: { os: 'linux', architecture: 'amd64' } },
        baseOs: { id: 'rhel', versionId: '9.4', packageManager: 'rpm', packageCount: 1 },
        vulnerabilities: { grade: 'A', findings: [] },
        profile: { podSecurityStandard: 'restricted' },
      });
      const verified = report.signatures.filter((s) => s.verified).map((s) => s.kind).sort();
      expect(verified, JSON.stringify(report.signatures)).toEqual(["cosign", "simple-signing"]);
      expect(report.signatures.find((s) => s.kind === 'simple-signing')!.keyId).toBe(world.vendorGpg.fingerprint);
      expect(report.signatures.find((s) => s.kind === 'cosign')!.keyId).toBe(world.key.keyId);
      expectValid(report);

      const names = [...new Set(stages.map((s) => s.stage))];
      expect(names).toEqual(['resolving', 'signatures', 'reading-layers', 'packages', 'vulnerabilities', 'checks', 'report']);
      // Each check is announced once, in order, before it runs, with how many are done.
      const checkEvents = stages.filter((s) => s.stage === 'checks' && s.check);
      expect(checkEvents.map((s) => s.check)).toEqual(CHECKS.map((c) => c.id));
      expect(checkEvents.map((s) => s.checksDone)).toEqual(CHECKS.map((_, i) => i));
      expect(new Set(checkEvents.map((s) => s.checksTotal))).toEqual(new Set([CHECKS.length]));
      const lastRead = stages.filter((s) => s.stage === 'reading-layers').at(-1)!;
      expect(lastRead).toMatchObject({ layersRead: 2, layersTotal: 2, platform: 'linux/amd64' });
      expect(lastRead.bytesRead).toBe(report.image.size);
    });

    it('stops with ABORTED when cancelled while reading the layers', async () => {
      const controller = new AbortController();
      const run = certify({
        ...base,
        source: `docker://${world.repos.signed}:${TAG}`,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === 'reading-layers') controller.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    });
  });

  describe('when signatures are missing or wrong', () => {
    it('fails signature.verified for the unsigned copy, saying no signature was found', async () => {
      const report = await certify({ ...base, source: `docker://${world.repos.unsigned}:${TAG}` });
      expect(report.verdict).toBe('not-certifiable');
      expect(problems(report)).toEqual([`signature.verified: failed: No signature was found for ${world.images.digests.rhel}`]);
      expectValid(report);
    });

    it('fails a signature by a key the vendor did not register, naming that key', async () => {
      const report = await certify({ ...base, source: `docker://${world.repos.wrongKey}:${TAG}` });
      expect(report.verdict).toBe('not-certifiable');
      const other = world.otherGpg.fingerprint.slice(-16);
      expect(report.signatures).toEqual([expect.objectContaining({ kind: 'simple-signing', verified: false, reason: expect.stringContaining(other) })]);
      expect(check(report, 'signature.verified')).toMatchObject({ status: 'failed', evidence: [{ detail: expect.stringContaining(other) }] });
    });

    it('skips (and so blocks) signature.verified without trust material', async () => {
      const report = await certify({ ...base, trust: null, source: `docker://${world.repos.signed}:${TAG}` });
      expect(check(report, 'signature.verified')).toMatchObject({ status: 'skipped', required: true });
      expect(report.verdict).toBe('not-certifiable');
    });
  });

  it('verifies a cosign v3 Sigstore bundle stored as a referrer under the sha256-<hex> fallback tag', async () => {
    const report = await certify({ ...base, lookaside: [], source: `docker://${world.repos.bundle}:${TAG}` });
    expect(report.signatures).toEqual([expect.objectContaining({ kind: 'sigstore-bundle', verified: true, keyId: world.key.keyId, reference: world.repos.bundle })]);
    expect(report.verdict).toBe('certifiable');
  });

  describe('when the Debian image has a package named by an advisory', () => {
    const source = () => `docker://${world.repos.debian}:12.1`;

    it('reports the finding with grade C and fails vulnerabilities.policy', async () => {
      const report = await certify({ ...base, source: source() });
      expect(report.baseOs).toEqual({ id: 'debian', versionId: '12', name: 'Debian GNU/Linux 12 (bookworm)', packageManager: 'dpkg', packageCount: 2 });
      expect(report.vulnerabilities).toMatchObject({
        grade: 'C',
        counts: { critical: 0, high: 1, medium: 0, low: 0, unknown: 0 },
        findings: [{ id: 'DLA-9999-1', key: 'DLA-9999-1/assay', aliases: ['CVE-2026-99999'], package: 'assay', installed: '1.0-1', fixed: '1.0-2', severity: 'high', published: '2026-10-01T00:00:00.000Z' }],
      });
      expect(problems(report)).toEqual([expect.stringMatching(/^vulnerabilities\.policy: failed: 1 fixable finding/)]);
      expect(report.verdict).toBe('not-certifiable');
      expectValid(report);
    });

    it('is certifiable with a waiver for the finding, and not once the waiver has expired', async () => {
      const waivers = parseWaivers([{ finding: 'DLA-9999-1/assay', reason: 'not reachable', justification: 'the library is not loaded by the app', expires: '2026-12-01', by: 'reviewer@assay' }]);
      const waived = await certify({ ...base, source: source(), waivers });
      expect(waived.verdict).toBe('certifiable');
      expect(waived.vulnerabilities!.findings[0]!.waiver).toMatchObject({ by: 'reviewer@assay', expires: '2026-12-01' });
      expect(check(waived, 'vulnerabilities.policy').message).toContain('1 waived');
      expectValid(waived);
      const later = await certify({ ...base, source: source(), waivers, at: new Date('2026-12-02T00:00:00Z') });
      expect(later.vulnerabilities!.findings[0]!.waiver).toBeUndefined();
      expect(later.verdict).toBe('not-certifiable');
    });

    it('writes SBOMs listing the installed packages only', async () => {
      const registry = base.registry!;
      const cdx = await certifySbom({ source: source(), format: 'cyclonedx', registry, at: AT });
      const names = (cdx.components as Array<{ name: string; purl?: string }>).filter((c) => c.purl).map((c) => c.name).sort();
      expect(names).toEqual(['base-files', 'libassay1']);
      const spdx = await certifySbom({ source: source(), format: 'spdx', registry, at: AT });
      expect(JSON.stringify(spdx)).toContain('pkg:deb/debian/libassay1@1.0-1');
      expect(JSON.stringify(spdx)).not.toContain('assay-removed');
    });
  });

  describe('when the image comes as an archive', () => {
    it('oci-archive with --identity: same digest and verdict as from the registry', async () => {
      const report = await certify({ ...base, source: `oci-archive:${world.images.ociArchive}`, identity: world.repos.signed });
      expect(problems(report)).toEqual([]);
      expect(report).toMatchObject({ verdict: 'certifiable', image: { digest: world.images.digests.rhel, identity: world.repos.signed, tags: [TAG] } });
      expect(report.signatures.filter((s) => s.verified).map((s) => s.kind)).toEqual(['simple-signing']);
    });

    it('docker-archive with --identity: verified against the signature of its own (synthesized) manifest', async () => {
      const report = await certify({ ...base, source: `docker-archive:${world.images.dockerArchive}`, identity: world.repos.signed });
      expect(problems(report)).toEqual([]);
      expect(report.verdict).toBe('certifiable');
      expect(report.image.digest).not.toBe(world.images.digests.rhel);
      expect(report.baseOs).toMatchObject({ id: 'rhel', packageCount: 1 });
    });

    it('without --identity, fails signature.verified telling to pass it', async () => {
      const report = await certify({ ...base, source: `oci-archive:${world.images.ociArchive}` });
      expect(report.image.identity).toBeNull();
      expect(check(report, 'signature.verified')).toMatchObject({ status: 'failed', message: expect.stringContaining('--identity') });
      expect(report.verdict).toBe('not-certifiable');
    });
  });

  it('certifies every platform of a multi-arch index signed over the index digest', async () => {
    const report = await certify({ ...base, source: `docker://${world.repos.multi}:2.0`, allPlatforms: true });
    expect(report.index).toBe(world.images.digests.multi);
    expect(report.platforms.map((p) => [p.image.platform.architecture, p.image.digest, p.verdict])).toEqual([
      ['amd64', world.images.digests.rhel, 'certifiable'],
      ['arm64', world.images.digests.rhelArm64, 'certifiable'],
    ]);
    expect(report.verdict).toBe('certifiable');
    expectValid(report);
    const withoutKey = await certify({ ...base, trust: { publicKeys: [], openpgpKeys: trust.openpgpKeys }, source: `docker://${world.repos.multi}:2.0`, allPlatforms: true });
    expect(withoutKey.platforms.map((p) => p.verdict)).toEqual(['not-certifiable', 'not-certifiable']);
    expect(withoutKey.verdict).toBe('not-certifiable');
  });
});
