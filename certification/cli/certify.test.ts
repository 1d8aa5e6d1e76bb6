import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools } from '../checks/testing/layered-image';
import type { CertificationReport, IndexReport } from '../report/build-report';
import { startCertifyWorld, TAG, writeDebianAdvisory, type CertifyWorld } from '../test-support/certify-fixtures';
import { freePort } from '../test-support/registry';
import { importAdvisories, saveAdvisoryIndex } from '../vulnerabilities/database';

// The real binary (bin/assay.js) against the real registry and archives: exit codes, formats, files.
const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'assay.js');
const missing = missingTools('umoci', 'skopeo', 'docker-registry', 'gpg', 'rpm', 'rpmbuild', 'python3');
if (missing.length) console.warn(`SKIPPED: ${missing.join(', ')} not installed, so the assay certify/sbom command tests do not run`);

function assay(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ASSAY_DEBUG: '', NO_COLOR: '' }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Parses XML with Python's parser: a real, independent check that the JUnit output is well formed. */
function parseXml(file: string): string {
  return execFileSync('python3', ['-c', 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); print(r.tag, len(r.findall(".//testcase")), len(r.findall(".//failure")), len(r.findall(".//skipped")))', file], { encoding: 'utf8' }).trim();
}

describe.skipIf(missing.length > 0)('assay certify and assay sbom', () => {
  let world: CertifyWorld;
  let keys: string[];
  let index: string;
  beforeAll(async () => {
    world = await startCertifyWorld();
    keys = ['--key', world.keyFile, '--gpg-key', world.gpgKeyFile, '--lookaside', `file://${world.lookaside}`, '--tls-verify=false', '--at', '2026-11-15'];
    writeDebianAdvisory(path.join(world.tmp, 'osv'), { published: '2026-10-01T00:00:00Z' });
    index = path.join(world.tmp, 'advisories.json.gz');
    await saveAdvisoryIndex(await importAdvisories(path.join(world.tmp, 'osv')), index);
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('exits 0 with a JSON report for a signed, clean image', async () => {
    const r = await assay('certify', `docker://${world.repos.signed}:${TAG}`, ...keys, '--advisories', path.join(world.tmp, 'osv'), '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as CertificationReport;
    expect(report).toMatchObject({ verdict: 'certifiable', evaluatedAt: '2026-11-15T00:00:00.000Z', image: { digest: world.images.digests.rhel }, vulnerabilities: { grade: 'A' } });
  });

  it('exits 1 for an unsigned image; text puts the failure first with its remediation, no colour off a terminal', async () => {
    const r = await assay('certify', `docker://${world.repos.unsigned}:${TAG}`, ...keys);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stdout).toMatch(/^Verdict: {2}NOT-CERTIFIABLE$/m);
    const table = r.stdout.split('\n').filter((l) => /^(passed|failed|skipped|warning|error|waived) /.test(l));
    expect(table).toHaveLength(17);
    expect(table[0]).toMatch(/^failed +signature\.verified +yes +No signature was found/);
    expect(r.stdout).toContain('Fix: Sign the pushed digest with a registered vendor key');
    expect(r.stdout).toContain('Signatures: 0 found, 0 verified');
  });

  it('writes JUnit to --output: one testcase per check, the failure as <failure>, valid XML', async () => {
    const out = path.join(world.tmp, 'debian.xml');
    const r = await assay('certify', `docker://${world.repos.debian}:12.1`, ...keys, '--advisories', index, '--format', 'junit', '--output', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(parseXml(out)).toBe('testsuites 17 1 0');
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/<testcase classname="assay.vulnerabilities" name="vulnerabilities.policy">\s*<failure message="1 fixable finding/);
    expect(xml).toContain('Remediation: Update the listed packages');
  });

  it('honours --waivers and exits 0', async () => {
    const waivers = path.join(world.tmp, 'waivers.json');
    writeFileSync(waivers, JSON.stringify({ waivers: [{ finding: 'DLA-9999-1/assay', reason: 'not reachable', justification: 'unused library', expires: '2026-12-31', by: 'reviewer@assay' }] }));
    const r = await assay('certify', `docker://${world.repos.debian}:12.1`, ...keys, '--advisories', index, '--waivers', waivers, '--format', 'json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as CertificationReport).vulnerabilities!.findings[0]!.waiver).toMatchObject({ by: 'reviewer@assay' });
  });

  it('certifies archives with --identity, and --all-platforms gives one report per platform', async () => {
    const [oci, docker, all] = await Promise.all([
      assay('certify', `oci-archive:${world.images.ociArchive}`, ...keys, '--advisories', index, '--identity', world.repos.signed, '--format', 'json'),
      assay('certify', `docker-archive:${world.images.dockerArchive}`, ...keys, '--advisories', index, '--identity', world.repos.signed, '--format', 'json'),
      assay('certify', `docker://${world.repos.multi}:2.0`, ...keys, '--advisories', index, '--all-platforms', '--format', 'json'),
    ]);
    expect([oci.code, docker.code, all.code], oci.stderr + docker.stderr + all.stderr).toEqual([0, 0, 0]);
    expect((JSON.parse(oci.stdout) as CertificationReport).image.digest).toBe(world.images.digests.rhel);
    const multi = JSON.parse(all.stdout) as IndexReport;
    expect(multi).toMatchObject({ schemaVersion: 1, index: world.images.digests.multi, verdict: 'certifiable' });
    expect(multi.platforms.map((p) => p.image.platform.architecture)).toEqual(['amd64', 'arm64']);
  });

  it('prints SBOMs that parse and list the packages', async () => {
    const [cdx, spdx] = await Promise.all([
      assay('sbom', `docker://${world.repos.debian}:12.1`, '--tls-verify=false', '--format', 'cyclonedx'),
      assay('sbom', `oci-archive:${world.images.ociArchive}`, '--format', 'spdx'),
    ]);
    expect([cdx.code, spdx.code]).toEqual([0, 0]);
    const bom = JSON.parse(cdx.stdout);
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    expect(JSON.stringify(bom.components)).toContain('pkg:deb/debian/libassay1@1.0-1');
    const doc = JSON.parse(spdx.stdout);
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    expect(doc.packages.map((p: { name: string }) => p.name)).toContain('assay-base');
  });

  describe('when the input is bad', () => {
    it('exits 2 with one line on stderr', async () => {
      const badPolicy = path.join(world.tmp, 'policy.json');
      writeFileSync(badPolicy, JSON.stringify({ schemaVersion: 2, name: 'x', version: '1', checks: {} }));
      const port = await freePort();
      const cases = await Promise.all([
        assay('certify', `docker://127.0.0.1:${port}/acme/app:1`, '--tls-verify=false'),
        assay('certify', `oci-archive:${world.keyFile}`),
        assay('certify', `docker://${world.repos.signed}:${TAG}`, '--tls-verify=false', '--policy', badPolicy),
        assay('certify', `docker://${world.repos.signed}:${TAG}`, '--format', 'yaml'),
        assay('certify', `docker://${world.repos.signed}:${TAG}`, '--at', 'yesterday'),
        assay('certify', `docker://${world.repos.signed}:${TAG}`, '--key', world.gpgKeyFile),
        assay('sbom', `oci-archive:${world.images.ociArchive}`),
      ]);
      for (const r of cases) {
        expect(r.code, r.stderr).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
        expect(r.stderr).toMatch(/^assay: error: /);
      }
      expect(cases[0]!.stderr).toContain('[NETWORK_ERROR]');
      expect(cases[2]!.stderr).toContain('[POLICY_INVALID]');
      expect(cases[5]!.stderr).toContain('PUBLIC KEY');
    });

    it('documents every flag in --help', async () => {
      const [certify, sbom] = await Promise.all([assay('certify', '--help'), assay('sbom', '--help')]);
      for (const flag of ['--policy', '--key', '--gpg-key', '--lookaside', '--identity', '--advisories', '--waivers', '--at', '--platform', '--all-platforms', '--format', '--output', '--creds', '--authfile', '--tls-verify']) {
        expect(certify.stdout).toContain(flag);
      }
      expect(sbom.stdout).toContain('cyclonedx|spdx');
      expect([certify.code, sbom.code]).toEqual([0, 0]);
    });
  });
});
