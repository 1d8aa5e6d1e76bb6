import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../policy/load-policy';
import { hygieneLayerCount } from './hygiene-layer-count';
import { hygieneLicenses } from './hygiene-licenses';
import { hygieneRequiredLabels } from './hygiene-required-labels';
import { hygieneUniqueTag } from './hygiene-unique-tag';
import { signatureVerified } from './signature-verified';
import { LABELS } from './testing/fixtures';
import { imageContext, missingTools, type LayerSpec } from './testing/layered-image';
import type { CheckContext, CheckDefinition, SignatureInput, VulnerabilityFinding } from './types';
import { vulnerabilitiesPolicy } from './vulnerabilities-policy';

const { policy } = defaultPolicy();
const missing = missingTools('tar', 'python3');
if (missing.length) console.warn(`SKIPPED: ${missing.join(', ')} not installed, so the hygiene check tests (real layer tarballs) do not run`);
const run = (check: CheckDefinition<never>, ctx: CheckContext) => check.run(ctx, (policy.checks[check.id] ?? {}) as never);
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const OTHER = `sha256:${'cd'.repeat(32)}`;

describe.skipIf(missing.length > 0)('hygiene, signature and vulnerability checks', () => {
  const plain: LayerSpec[] = [[{ path: 'opt/app', dir: true }]];

  describe('hygiene.required-labels', () => {
    it('passes with every label and fails on missing or blank ones', async () => {
      expect(run(hygieneRequiredLabels, await imageContext(plain, policy, { config: { Labels: LABELS } })).status).toBe('passed');
      const r = run(hygieneRequiredLabels, await imageContext(plain, policy, { config: { Labels: { ...LABELS, vendor: '   ', Maintainer: 'x', maintainer: undefined } } }));
      expect(r.evidence.map((e) => e.detail)).toEqual(['label "vendor" is blank', 'label "maintainer" is missing']);
    });

    it('checks the extra labels a policy adds', async () => {
      const ctx = await imageContext(plain, policy, { config: { Labels: LABELS } });
      expect(hygieneRequiredLabels.run(ctx, { labels: [...Object.keys(LABELS), 'org.opencontainers.image.source'] }).evidence).toEqual([
        { detail: 'label "org.opencontainers.image.source" is missing' },
      ]);
    });
  });

  it('hygiene.unique-tag: needs a tag other than latest, in any case', async () => {
    expect(run(hygieneUniqueTag, await imageContext(plain, policy, { tags: ['latest', '1.2.3'] })).status).toBe('passed');
    expect(run(hygieneUniqueTag, await imageContext(plain, policy, { tags: ['latest', 'LATEST'] })).status).toBe('failed');
    expect(run(hygieneUniqueTag, await imageContext(plain, policy, { tags: [] })).message).toBe('The image has no tag');
  });

  it('hygiene.layer-count: at most the policy maximum', async () => {
    const three = await imageContext([plain[0]!, plain[0]!, plain[0]!], policy);
    expect(run(hygieneLayerCount, three).status).toBe('passed');
    expect(hygieneLayerCount.run(three, { maxLayers: 2 })).toMatchObject({ status: 'failed', message: '3 layers, more than the maximum of 2' });
  });

  describe('hygiene.licenses', () => {
    it('passes with a non-empty file, also through a symlinked /licenses and a nested file', async () => {
      expect(run(hygieneLicenses, await imageContext([[{ path: 'licenses/LICENSE', content: 'terms' }]], policy)).status).toBe('passed');
      const linked = await imageContext([[{ path: 'usr/share/licenses/app/COPYING', content: 'terms' }, { path: 'licenses', symlink: 'usr/share/licenses' }]], policy);
      expect(run(hygieneLicenses, linked)).toMatchObject({ status: 'passed', evidence: [{ path: '/usr/share/licenses/app/COPYING' }] });
    });

    it.each<[string, LayerSpec[], string]>([
      ['no /licenses', [[{ path: 'opt/x', content: 'x' }]], 'no /licenses directory'],
      ['only empty files', [[{ path: 'licenses/LICENSE', content: '' }]], 'no non-empty regular file'],
      ['only a symlink', [[{ path: 'opt/LICENSE', content: 'terms' }, { path: 'licenses/LICENSE', symlink: '/opt/LICENSE' }]], 'no non-empty regular file'],
      ['a file named /licenses', [[{ path: 'licenses', content: 'MIT' }]], 'is a file, not a directory'],
      ['licenses deleted later', [[{ path: 'licenses/LICENSE', content: 'terms' }], [{ path: 'licenses/LICENSE', whiteout: true }]], 'no non-empty regular file'],
    ])('fails with %s', async (_name, layers, message) => {
      const r = run(hygieneLicenses, await imageContext(layers, policy));
      expect([r.status, r.message]).toEqual(['failed', expect.stringContaining(message)]);
    });
  });

  describe('signature.verified (judging the verifiers\' results)', () => {
    const sig = (s: Partial<SignatureInput>): SignatureInput => ({ kind: 'cosign', verified: true, keyId: 'k1', reference: 'registry.example.com/acme/app:1.0', signedDigest: DIGEST, ...s });
    const judge = async (signatures: SignatureInput[] | null) => run(signatureVerified, await imageContext(plain, policy, { extra: { signatures } }));

    it('passes with one verified signature over the digest and names the key; lists why the others failed', async () => {
      const r = await judge([sig({ verified: false, keyId: null, reason: 'signed by an unknown key', kind: 'simple-signing' }), sig({ keyId: 'SHA256:abc' })]);
      expect(r).toMatchObject({ status: 'passed', message: 'Verified cosign signature by key SHA256:abc' });
      expect(r.evidence[0]!.detail).toContain('rejected: signed by an unknown key');
    });

    it.each<[string, SignatureInput[] | null, string]>([
      ['no signatures', [], 'failed'],
      ['a signature over another digest', [sig({ signedDigest: OTHER })], 'failed'],
      ['a signature for another repository', [sig({ reference: 'registry.example.com/evil/app:1.0' })], 'failed'],
      ['only failed signatures', [sig({ verified: false, reason: 'bad signature' })], 'failed'],
      ['no trust material', null, 'skipped'],
    ])('%s → %s', async (_name, sigs, status) => {
      expect((await judge(sigs)).status).toBe(status);
    });

    it('treats docker.io short names as the same repository', async () => {
      const ctx = await imageContext(plain, policy, { identity: 'acme/app', extra: { signatures: [sig({ reference: 'docker.io/acme/app:1.0' })] } });
      expect(run(signatureVerified, ctx).status).toBe('passed');
    });
  });

  describe('vulnerabilities.policy (judging the matcher\'s findings)', () => {
    const f = (x: Partial<VulnerabilityFinding>): VulnerabilityFinding => ({ id: 'RHSA-2026:1', aliases: ['CVE-2026-1'], package: 'openssl', installed: '3.0.1-1', fixed: '3.0.1-2', severity: 'high', published: '2026-11-01T00:00:00Z', ...x });
    const judge = async (findings: VulnerabilityFinding[], params = {}, waivers = []) =>
      vulnerabilitiesPolicy.run(await imageContext(plain, policy, { extra: { vulnerabilities: { grade: 'C', findings }, waivers } }), { severityThreshold: 'high', graceDays: 0, ...params });

    it('fails on a fixable high finding past the grace period and passes when not fixable, lower or within grace', async () => {
      expect((await judge([f({})])).status).toBe('failed');
      expect((await judge([f({ fixed: null })])).status).toBe('passed');
      expect((await judge([f({ severity: 'medium' })])).status).toBe('passed');
      expect((await judge([f({})], { graceDays: 30 })).status).toBe('passed');
      expect((await judge([f({ published: '2026-12-01T00:00:00Z' })])).status).toBe('passed');
      expect((await judge([f({ severity: 'unknown' })])).status).toBe('passed');
      expect((await judge([f({ severity: 'unknown' })], { gateUnknown: true })).status).toBe('failed');
      expect((await judge([f({ severity: 'medium' })], { severityThreshold: 'medium' })).status).toBe('failed');
    });

    it('does not gate a finding under an active waiver, and gates it again once the waiver expired', async () => {
      const waiver = { finding: 'RHSA-2026:1:openssl', reason: 'not reachable', justification: 'FIPS provider unused', by: 'reviewer@assay', expires: '2026-12-31' };
      const waived = await judge([f({})], {}, [waiver] as never);
      expect(waived.status).toBe('passed');
      expect(waived.evidence[0]!.detail).toContain('waived by reviewer@assay until 2026-12-31');
      expect((await judge([f({})], {}, [{ ...waiver, expires: '2026-11-14' }] as never)).status).toBe('failed');
    });

    it('is skipped without an advisory database', async () => {
      expect(run(vulnerabilitiesPolicy, await imageContext(plain, policy))).toMatchObject({ status: 'skipped', skipCode: 'not-evaluated' });
    });
  });
});
