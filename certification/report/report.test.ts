import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../checks/index';
import { APP_LAYER, GOOD_CONFIG, rhelBase } from '../checks/testing/fixtures';
import { imageContext, missingTools } from '../checks/testing/layered-image';
import { rpmRoots } from '../checks/testing/rpm-roots';
import type { CheckContext, SignatureInput } from '../checks/types';
import { defaultPolicy, parsePolicy } from '../policy/load-policy';
import { buildIndexReport, buildReport, type CertificationReport } from './build-report';
import { decideVerdict } from './verdict';
import { parseWaivers } from './waivers';

const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, '../report.schema.json'), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);
const expectValid = (report: unknown) => expect(validate(report), JSON.stringify(validate.errors, null, 1)).toBe(true);

const loaded = defaultPolicy();
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const signatures: SignatureInput[] = [{ kind: 'cosign', verified: true, keyId: 'SHA256:vendor', reference: 'registry.example.com/acme/app:1.0', signedDigest: DIGEST }];
const vulnerabilities = {
  grade: 'A' as const,
  findings: [{ id: 'RHSA-2026:9', aliases: ['CVE-2026-9'], package: 'assay-base', installed: '1.0-1', fixed: '1.0-2', severity: 'low' as const, published: '2026-10-01T00:00:00Z' }],
};
const missing = missingTools('tar', 'python3', 'rpm', 'rpmbuild');
if (missing.length) console.warn(`SKIPPED: ${missing.join(', ')} not installed, so the report tests on a real image do not run`);

describe.skipIf(missing.length > 0)('certification reports', () => {
  let good: CheckContext;
  beforeAll(async () => {
    good = await imageContext([rhelBase(rpmRoots().base), APP_LAYER], loaded.policy, { config: GOOD_CONFIG, extra: { signatures, vulnerabilities } });
  });

  it('certifies the image that passes everything, with every check passed and a schema-valid report', () => {
    const report = buildReport({ ctx: good, policy: loaded });
    expect(report.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(report.verdict).toBe('certifiable');
    expect(report).toMatchObject({
      schemaVersion: 1,
      evaluatedAt: '2026-11-15T12:00:00.000Z',
      policy: { name: 'assay-default', version: '2026.11.0', digest: loaded.digest },
      image: { digest: DIGEST, layers: 2, user: '1001', tags: ['1.0'], platform: { os: 'linux', architecture: 'amd64' } },
      baseOs: { id: 'rhel', versionId: '9.4', packageManager: 'rpm', packageCount: 1 },
      signatures: [{ kind: 'cosign', verified: true, keyId: 'SHA256:vendor' }],
      vulnerabilities: { grade: 'A', counts: { critical: 0, high: 0, medium: 0, low: 1, unknown: 0 } },
      profile: { podSecurityStandard: 'restricted', capabilities: [] },
    });
    expect(report.image.size).toBeGreaterThan(0);
    expectValid(report);
    expectValid(buildIndexReport(`sha256:${'ef'.repeat(32)}`, [report, report]));
  });

  it('is not certifiable when a required check fails, and names it; warnings never block', async () => {
    const ctx = await imageContext([rhelBase(rpmRoots().suid), [...APP_LAYER, { path: 'opt/app/data', dir: true, mode: 0o777 }]], loaded.policy, {
      config: { ...GOOD_CONFIG, User: '0' },
      extra: { signatures, vulnerabilities },
    });
    const report = buildReport({ ctx, policy: loaded });
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ 'security.non-root-user': 'failed', 'security.setuid-files': 'warning', 'security.world-writable': 'warning' });
    expect(report.verdict).toBe('not-certifiable');
    expectValid(report);

    const noRootProblem = await imageContext([rhelBase(rpmRoots().suid), [...APP_LAYER, { path: 'opt/app/data', dir: true, mode: 0o777 }]], loaded.policy, {
      config: GOOD_CONFIG,
      extra: { signatures, vulnerabilities },
    });
    expect(buildReport({ ctx: noRootProblem, policy: loaded }).verdict).toBe('certifiable');
    expect(buildIndexReport(`sha256:${'ef'.repeat(32)}`, [buildReport({ ctx: noRootProblem, policy: loaded }), report]).verdict).toBe('not-certifiable');
  });

  it('treats a skipped or errored required check as blocking: no trust material means not certifiable', async () => {
    const ctx = { ...good, signatures: null };
    const report = buildReport({ ctx, policy: loaded });
    expect(report.checks.find((c) => c.id === 'signature.verified')).toMatchObject({ status: 'skipped', required: true });
    expect(report.verdict).toBe('not-certifiable');
    expectValid(report);
  });

  it('honours a check waiver until it expires', () => {
    const ctx = { ...good, signatures: [] as SignatureInput[] };
    const waivers = parseWaivers(JSON.stringify({ waivers: [{ check: 'signature.verified', reason: 'key rotation', justification: 'new key registered next week', expires: '2026-11-20', by: 'lead@assay' }] }));
    const waived = buildReport({ ctx: { ...ctx, waivers }, policy: loaded });
    expect(waived.checks.find((c) => c.id === 'signature.verified')).toMatchObject({ status: 'failed', waiver: { by: 'lead@assay', expires: '2026-11-20' } });
    expect(waived.verdict).toBe('certifiable');
    expectValid(waived);
    const later = buildReport({ ctx: { ...ctx, waivers, at: new Date('2026-11-21T00:00:00Z') }, policy: loaded });
    expect(later.checks.find((c) => c.id === 'signature.verified')!.waiver).toBeUndefined();
    expect(later.verdict).toBe('not-certifiable');
  });

  it('marks waived findings in the report', () => {
    const waivers = parseWaivers([{ finding: 'RHSA-2026:9:assay-base', reason: 'r', justification: 'j', expires: '2027-01-01T00:00:00Z', by: 'x' }]);
    const report = buildReport({ ctx: { ...good, waivers }, policy: loaded });
    expect(report.vulnerabilities!.findings[0]).toMatchObject({ key: 'RHSA-2026:9:assay-base', waiver: { reason: 'r' } });
    expectValid(report);
  });

  it('exempts the base-os skips of a scratch image only when the policy says so', async () => {
    const scratch = await imageContext([[{ path: 'app', content: 'static', mode: 0o755 }, { path: 'licenses/LICENSE', content: 'terms' }]], loaded.policy, {
      config: GOOD_CONFIG,
      extra: { signatures, vulnerabilities },
    });
    const strict = buildReport({ ctx: scratch, policy: loaded });
    expect(strict.checks.filter((c) => c.status === 'skipped').map((c) => c.id)).toEqual(['base-os.identified', 'base-os.supported', 'base-os.unmodified-packages', 'base-os.no-prohibited-packages']);
    expect(strict.verdict).toBe('not-certifiable');
    const json = JSON.parse(readFileSync(path.join(import.meta.dirname, '../policy/default.json'), 'utf8'));
    json.exemptions.scratch = true;
    const lenient = parsePolicy(json);
    const results = runChecks({ ...scratch, policy: lenient.policy });
    expect(decideVerdict(results, lenient.policy)).toBe('certifiable');
    const report: CertificationReport = buildReport({ ctx: { ...scratch, policy: lenient.policy }, policy: lenient });
    expect(report.baseOs).toEqual({ id: null, versionId: null, name: null, packageManager: null, packageCount: 0 });
    expectValid(report);
  });

  it('rejects a report that breaks the contract', () => {
    const report = JSON.parse(JSON.stringify(buildReport({ ctx: good, policy: loaded })));
    report.checks[0].status = 'ok';
    expect(validate(report)).toBe(false);
    const warningAsFailed = JSON.parse(JSON.stringify(buildReport({ ctx: good, policy: loaded })));
    warningAsFailed.checks.find((c: { id: string }) => c.id === 'security.setuid-files').status = 'failed';
    expect(validate(warningAsFailed)).toBe(false);
  });

  it('rejects malformed waivers with a code and the path', () => {
    expect(() => parseWaivers([{ check: 'x', reason: 'r', justification: 'j', expires: 'soon', by: 'b' }])).toThrow(expect.objectContaining({ code: 'WAIVERS_INVALID' }));
    expect(() => parseWaivers([{ reason: 'r', justification: 'j', expires: '2027-01-01', by: 'b' }])).toThrow(/exactly one of "check" or "finding"/);
  });
});
