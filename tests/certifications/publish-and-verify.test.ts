import { verify as cryptoVerify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { RegistryClient } from '@/certification/image/sources/registry';
import { readBounded } from '@/certification/image/digest';
import { DSSE_ENVELOPE_MEDIA_TYPE, IN_TOTO_PAYLOAD_TYPE, verifyDsseEnvelope, type DsseEnvelope } from '@/certification/signatures/dsse';
import { readPublicKey } from '@/certification/signatures/trust';
import { COSIGN_SIGNATURE_ANNOTATION } from '@/certification/signatures/cosign';
import { parseKeysDocument, verifyCertificationStatement } from '@/certification/certifications/verify-statement';
import { runVerifyCertification } from '@/certification/cli/verify-certification';
import { UsageError } from '@/certification/cli/options';
import { freePort, pushBlob, pushManifest, startBasicAuthProxy, startRegistry, type RunningRegistry, type RunningServer } from '@/certification/test-support/registry';
import { publishSubmission } from '../../lib/certifications/publish-submission';
import { issueCertification } from '../../lib/certifications/issue-certification';
import { revokeCertification } from '../../lib/certifications/revoke-certification';
import { certificationStatus } from '../../lib/certifications/certification-status';
import { reissueExpiring, runCertificationMaintenance } from '../../lib/certifications/reissue-expiring';
import { platformKeyring, keysDocument } from '../../lib/platform-keys';
import * as statusRoute from '../../app/api/v1/certifications/[digest]/route';
import * as statementRoute from '../../app/api/v1/certifications/[digest]/statement/route';
import { makeUser } from '../support/factories';
import { actorOf, auditSince, call, errorOf, lastAuditId } from '../support/accounts';
import { useTestDatabase } from '../support/db';
import { makeSubmissionRow, makeVendor } from '../pipeline/support';
import { approvedSubmission, assay, startCertificationServer, randomDigest } from './support';

let prisma: Db;
let vendor: Awaited<ReturnType<typeof makeVendor>>;
let reviewer: Actor & { kind: 'user' };
let registry: RunningRegistry;
let proxy: RunningServer;
let server: Awaited<ReturnType<typeof startCertificationServer>>;
const account = { username: 'assay', password: 'attest-pass' };
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-certs-'));
const DAY = 86_400_000;

function useAttestationRepository(host: string) {
  process.env.ASSAY_ATTESTATION_REPOSITORY = `${host}/assay/attestations`;
  process.env.ASSAY_ATTESTATION_CREDS = `${account.username}:${account.password}`;
  process.env.ASSAY_ATTESTATION_TLS_VERIFY = 'false';
}

beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  process.env.ASSAY_DATA_DIR = dataDir;
  process.env.ASSAY_ENCRYPTION_KEY = 'test-encryption-key-material-0123456789';
  delete process.env.ASSAY_SIGNING_KEY_FILE;
  delete process.env.ASSAY_CERTIFICATION_DAYS;
  registry = await startRegistry();
  proxy = await startBasicAuthProxy(registry.host, account);
  useAttestationRepository(proxy.host);
  // The keyring's creation is audited on first use; make it here so later audit assertions are exact.
  await platformKeyring();
  vendor = await makeVendor(prisma);
  reviewer = (await actorOf(prisma, (await makeUser(prisma, { platformRole: 'reviewer', name: 'Rita Reviewer' })).id)) as Actor & { kind: 'user' };
  server = await startCertificationServer();
});

afterAll(async () => {
  await server?.stop();
  await proxy?.stop();
  await registry?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  for (const k of ['ASSAY_ATTESTATION_REPOSITORY', 'ASSAY_ATTESTATION_CREDS', 'ASSAY_ATTESTATION_TLS_VERIFY']) delete process.env[k];
});

async function fetchAttestation(digest: string) {
  const reader = new RegistryClient(proxy.host, { tlsVerify: false, credentials: account });
  try {
    const tag = `${digest.replace(':', '-')}.att`;
    const manifest = await reader.getManifest('assay/attestations', tag, { maxBytes: 1 << 20 });
    const json = JSON.parse(manifest.bytes.toString()) as { layers: Array<{ mediaType: string; digest: string; size: number; annotations: Record<string, string> }> };
    const envelopes: DsseEnvelope[] = [];
    for (const layer of json.layers) envelopes.push(JSON.parse((await readBounded(await reader.getBlob('assay/attestations', layer), 1 << 20, 'layer')).toString()));
    return { layers: json.layers, envelopes };
  } finally {
    reader.close();
  }
}

async function attestationExists(digest: string): Promise<boolean> {
  const res = await fetch(`${registry.url}/v2/assay/attestations/manifests/${digest.replace(':', '-')}.att`, { method: 'HEAD', headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
  return res.status === 200;
}

describe('when an approved submission is published', () => {
  let published: Awaited<ReturnType<typeof publishSubmission>>;
  let digest: string;
  let submissionId: string;

  beforeAll(async () => {
    const s = await approvedSubmission(prisma, vendor, reviewer);
    digest = s.digest;
    submissionId = s.submission.id;
    const since = await lastAuditId(prisma);
    published = await publishSubmission(submissionId, { actor: reviewer, sourceIp: '203.0.113.9' });
    (globalThis as { since?: bigint }).since = since;
  });

  it('creates the listing and the listing version from the stored report, and moves the submission to published — audited', async () => {
    const version = await prisma.listingVersion.findUniqueOrThrow({ where: { id: published.listingVersion.id } });
    expect(version).toMatchObject({
      digest,
      repository: 'registry.example.com/acme/app',
      grade: 'B',
      platforms: ['linux/arm64/v8'],
      architectures: ['arm64/v8'],
      tags: ['1.0', 'latest', '1'],
      packageNames: ['bash', 'openssl'],
      signed: true,
      baseOsId: 'debian',
      baseOsVersion: '12',
      revokedAt: null,
    });
    const listing = await prisma.listing.findUniqueOrThrow({ where: { productId: vendor.product.id } });
    expect(listing).toMatchObject({ latestVersionId: version.id, grade: 'B', organizationId: vendor.organization.id });
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: submissionId } })).status).toBe('published');
    const events = await auditSince(prisma, (globalThis as { since?: bigint }).since!);
    expect(events.map((e) => e.action)).toEqual(['submission.published', 'listing.publish', 'certification.issue']);
    expect(events.every((e) => e.actorUserId === reviewer.userId && e.sourceIp === '203.0.113.9')).toBe(true);
  });

  it('signs an in-toto Statement v1 with the certification predicate, stored per digest', async () => {
    const row = await prisma.certification.findFirstOrThrow({ where: { digest } });
    const keyring = await platformKeyring();
    expect(row.keyId).toBe(keyring.current.keyId);
    expect(row.expiresAt.getTime() - row.issuedAt.getTime()).toBe(30 * DAY);
    const envelope = row.envelope as unknown as DsseEnvelope;
    expect(envelope.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
    expect(envelope.signatures).toEqual([{ keyid: keyring.current.keyId, sig: expect.any(String) }]);
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString());
    expect(statement).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'registry.example.com/acme/app', digest: { sha256: digest.slice(7) } }],
      predicateType: 'urn:assay:certification:v1',
      predicate: {
        platformUrl: expect.stringMatching(/^http/),
        statusUrl: expect.stringContaining(`/api/v1/certifications/${digest}`),
        vendor: { slug: vendor.organization.slug, name: vendor.organization.name },
        product: { slug: 'app', name: 'App', repository: 'registry.example.com/acme/app' },
        policy: { name: 'assay-default', version: '7', digest: `sha256:${'d'.repeat(64)}` },
        checks: [
          { id: 'security.non-root-user', status: 'passed', waived: false },
          { id: 'security.setuid-files', status: 'failed', waived: true },
        ],
        grade: 'B',
        waivers: [{ kind: 'check', target: 'security.setuid-files', reason: 'mitigated', expiresAt: expect.any(String) }],
        reviewer: { name: 'Rita Reviewer' },
        issuedAt: row.issuedAt.toISOString(),
        expiresAt: row.expiresAt.toISOString(),
      },
    });
  });

  it('verifies with plain node crypto over the DSSE PAE, and with the engine verifiers', async () => {
    const row = await prisma.certification.findFirstOrThrow({ where: { digest } });
    const envelope = row.envelope as unknown as DsseEnvelope;
    const keyring = await platformKeyring();
    const payload = Buffer.from(envelope.payload, 'base64');
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${envelope.payloadType.length} ${envelope.payloadType} ${payload.length} `), payload]);
    expect(cryptoVerify('sha256', pae, keyring.current.publicKeyPem, Buffer.from(envelope.signatures[0]!.sig, 'base64'))).toBe(true);
    expect(verifyDsseEnvelope(envelope, [readPublicKey(keyring.current.publicKeyPem)])).toMatchObject({ ok: true });
    const keys = parseKeysDocument(JSON.stringify(keysDocument(keyring, 'x')));
    expect(verifyCertificationStatement({ envelope, keys, digest })).toMatchObject({ ok: true, digest, keyId: keyring.current.keyId });
    expect(verifyCertificationStatement({ envelope, keys, digest: randomDigest() })).toMatchObject({ ok: false, code: 'DIGEST_MISMATCH' });
  });

  it('pushes a cosign attestation to sha256-<hex>.att that the engine registry client reads back and that verifies', async () => {
    expect(published.attestation).toMatchObject({ outcome: 'pushed', statements: 1, location: `${proxy.host}/assay/attestations:${digest.replace(':', '-')}.att` });
    const { layers, envelopes } = await fetchAttestation(digest);
    expect(layers).toHaveLength(1);
    expect(layers[0]!.mediaType).toBe(DSSE_ENVELOPE_MEDIA_TYPE);
    expect(layers[0]!.annotations).toEqual({ [COSIGN_SIGNATURE_ANNOTATION]: '', predicateType: 'urn:assay:certification:v1' });
    const keys = parseKeysDocument(JSON.stringify(keysDocument(await platformKeyring(), 'x')));
    expect(verifyCertificationStatement({ envelope: envelopes[0]!, keys, digest })).toMatchObject({ ok: true });
    expect((await prisma.certification.findFirstOrThrow({ where: { digest } })).attestationPushedAt).not.toBeNull();
  });

  it('serves the status publicly with an ETag (304 when unchanged), and the statement', async () => {
    const res = await call(statusRoute.GET, `/api/v1/certifications/${digest}`, { digest });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ digest, status: 'certified', vendor: { slug: vendor.organization.slug }, product: { slug: 'app' }, statementUrl: expect.stringContaining('/statement') });
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const etag = res.headers.get('etag')!;
    const again = await statusRoute.GET(new Request(`http://localhost/api/v1/certifications/${digest}`, { headers: { 'if-none-match': etag } }), { params: Promise.resolve({ digest }) });
    expect(again.status).toBe(304);
    const stmt = await call(statementRoute.GET, `/api/v1/certifications/${digest}/statement`, { digest });
    expect(stmt.status).toBe(200);
    expect(stmt.body).toMatchObject({ payloadType: IN_TOTO_PAYLOAD_TYPE });
    expect((await call(statusRoute.GET, '/api/v1/certifications/latest', { digest: 'latest' })).status).toBe(422);
    const unknown = randomDigest();
    expect((await call(statusRoute.GET, `/api/v1/certifications/${unknown}`, { digest: unknown })).body).toMatchObject({ status: 'not-certified', statementUrl: null });
    expect((await call(statementRoute.GET, `/api/v1/certifications/${unknown}/statement`, { digest: unknown })).status).toBe(404);
  });

  it('refuses to publish it twice or to publish what is not approved', async () => {
    expect((await errorOf(publishSubmission(submissionId, { actor: reviewer }))).code).toBe('CONFLICT');
    const queued = await makeSubmissionRow(prisma, vendor, 'awaiting_review');
    const refused = await errorOf(publishSubmission(queued.id, { actor: reviewer }));
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('awaiting-review') });
    expect(await prisma.listingVersion.count({ where: { submissionId: queued.id } })).toBe(0);
  });

  it('verifies online with `assay verify-certification DIGEST --server` (exit 0) and offline from saved files', async () => {
    const online = await assay(['verify-certification', digest, '--server', server.url]);
    expect(online.stderr).toBe('');
    expect(online.code).toBe(0);
    expect(online.stdout).toContain(`VALID: ${digest}`);
    expect(server.requests).toEqual(expect.arrayContaining(['GET /.well-known/assay/keys.json', `GET /api/v1/certifications/${digest}`, `GET /api/v1/certifications/${digest}/statement`]));

    const keysFile = path.join(dataDir, 'keys.json');
    const statementFile = path.join(dataDir, 'statement.json');
    writeFileSync(keysFile, await (await fetch(`${server.url}/.well-known/assay/keys.json`)).text());
    writeFileSync(statementFile, await (await fetch(`${server.url}/api/v1/certifications/${digest}/statement`)).text());
    const ok = await assay(['verify-certification', digest, '--statement', statementFile, '--keys', keysFile, '--format', 'json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, mode: 'offline', digest, predicate: { grade: 'B' } });

    const later = new Date(Date.now() + 31 * DAY).toISOString();
    const expired = await assay(['verify-certification', digest, '--statement', statementFile, '--keys', keysFile, '--at', later]);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toMatch(/^EXPIRED: .*\[EXPIRED\]/);

    const out: string[] = [];
    const collect = (t: string) => void out.push(t);
    expect(await runVerifyCertification([randomDigest(), '--statement', statementFile, '--keys', keysFile], collect)).toBe(1);
    expect(out.join('')).toContain('[DIGEST_MISMATCH]');

    const envelope = JSON.parse(await (await fetch(`${server.url}/api/v1/certifications/${digest}/statement`)).text()) as DsseEnvelope;
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString());
    statement.predicate.grade = 'A';
    const tampered = path.join(dataDir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify({ ...envelope, payload: Buffer.from(JSON.stringify(statement)).toString('base64') }));
    const bad = await assay(['verify-certification', '--statement', tampered, '--keys', keysFile]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^INVALID: .*\[BAD_SIGNATURE\]/);

    const missing = await assay(['verify-certification', digest, '--statement', path.join(dataDir, 'nope.json'), '--keys', keysFile]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('expected a readable file');
    writeFileSync(path.join(dataDir, 'garbage.json'), 'garbage');
    await expect(runVerifyCertification(['--statement', statementFile, '--keys', path.join(dataDir, 'garbage.json')], collect)).rejects.toBeInstanceOf(UsageError);
    await expect(runVerifyCertification([digest, '--server', `http://127.0.0.1:${await freePort()}`], collect)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});

describe('when an image is referenced by tag', () => {
  it('resolves the tag in the registry to its digest and verifies that', async () => {
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: {} }));
    const configDigest = await pushBlob(registry.url, 'acme/tagged', config);
    const manifest = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length }, layers: [] }),
    );
    const digest = await pushManifest(registry.url, 'acme/tagged', '2.0', manifest, 'application/vnd.oci.image.manifest.v1+json');
    const { submission } = await approvedSubmission(prisma, await makeVendor(prisma), reviewer, { digest, withRows: false });
    await publishSubmission(submission.id, { actor: reviewer });
    const res = await assay(['verify-certification', `${registry.host}/acme/tagged:2.0`, '--tls-verify=false', '--server', server.url]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`VALID: ${digest}`);
  });
});

describe('when statements near their expiry', () => {
  it('re-issues them while the certification stands, once, and the attestation then carries both', async () => {
    const { submission, digest } = await approvedSubmission(prisma, await makeVendor(prisma), reviewer);
    const { listingVersion, certification } = await publishSubmission(submission.id, { actor: reviewer });
    expect((await reissueExpiring(new Date())).reissued.map((r) => r.listingVersionId)).not.toContain(listingVersion.id);

    const soon = new Date(certification.expiresAt.getTime() - 2 * DAY);
    const round = await reissueExpiring(soon);
    const mine = round.reissued.filter((r) => r.listingVersionId === listingVersion.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.expiresAt.getTime()).toBe(soon.getTime() + 30 * DAY);
    expect(round.attestations.find((a) => a.digest === digest)).toMatchObject({ outcome: 'pushed', statements: 2 });
    expect((await reissueExpiring(soon)).reissued.filter((r) => r.listingVersionId === listingVersion.id)).toHaveLength(0);
    expect((await fetchAttestation(digest)).envelopes).toHaveLength(2);
    expect(await prisma.auditEvent.count({ where: { action: 'certification.issue', actorLabel: 'system:certifications' } })).toBeGreaterThanOrEqual(1);

    // The status follows the newest statement; past it, the digest reads as expired.
    expect((await certificationStatus(digest, { now: soon })).status).toBe('certified');
    expect((await certificationStatus(digest, { now: new Date(soon.getTime() + 31 * DAY) })).status).toBe('expired');
  });
});

describe('when a certification is revoked', () => {
  it('shows at once in the status API and the online verifier, stops re-issue, and removes the attestation', async () => {
    const { submission, digest } = await approvedSubmission(prisma, await makeVendor(prisma), reviewer);
    const { listingVersion } = await publishSubmission(submission.id, { actor: reviewer });
    const before = await call(statusRoute.GET, `/api/v1/certifications/${digest}`, { digest });
    expect(await attestationExists(digest)).toBe(true);
    expect((await assay(['verify-certification', digest, '--server', server.url])).code).toBe(0);

    expect((await errorOf(revokeCertification(listingVersion.id, 'x', vendor.ownerActor))).code).toMatch(/NOT_FOUND|FORBIDDEN/);
    expect((await errorOf(revokeCertification(listingVersion.id, '   ', reviewer))).code).toBe('VALIDATION_FAILED');
    const since = await lastAuditId(prisma);
    const result = await revokeCertification(listingVersion.id, 'Embedded credentials found after publication', reviewer);
    expect(result.attestation.outcome).toBe('removed');
    expect((await auditSince(prisma, since)).map((e) => e.action)).toEqual(['submission.revoked', 'certification.revoke']);
    expect((await prisma.submission.findUniqueOrThrow({ where: { id: submission.id } })).status).toBe('revoked');

    const res = await statusRoute.GET(new Request(`http://localhost/api/v1/certifications/${digest}`, { headers: { 'if-none-match': before.headers.get('etag')! } }), {
      params: Promise.resolve({ digest }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'revoked', reason: 'Embedded credentials found after publication', revokedAt: expect.any(String), statementUrl: null });
    expect((await call(statementRoute.GET, `/api/v1/certifications/${digest}/statement`, { digest })).status).toBe(404);
    expect(await attestationExists(digest)).toBe(false);

    const verdict = await assay(['verify-certification', digest, '--server', server.url]);
    expect(verdict.code).toBe(1);
    expect(verdict.stdout).toMatch(/^REVOKED: .*Embedded credentials found after publication/);

    const far = new Date(Date.now() + 29 * DAY);
    expect((await reissueExpiring(far)).reissued.map((r) => r.listingVersionId)).not.toContain(listingVersion.id);
    expect((await errorOf(issueCertification(listingVersion.id))).code).toBe('CONFLICT');
    expect((await errorOf(revokeCertification(listingVersion.id, 'again', reviewer))).code).toBe('CONFLICT');
  });
});

describe('when the attestation repository is down', () => {
  it('keeps the statement, records the failure, and the maintenance round pushes it later', async () => {
    useAttestationRepository(`127.0.0.1:${await freePort()}`);
    let digest: string;
    try {
      const s = await approvedSubmission(prisma, await makeVendor(prisma), reviewer);
      digest = s.digest;
      const published = await publishSubmission(s.submission.id, { actor: reviewer });
      expect(published.attestation).toMatchObject({ outcome: 'failed', error: expect.stringContaining('expected a connection') });
      const row = await prisma.certification.findFirstOrThrow({ where: { digest } });
      expect(row).toMatchObject({ attestationPushedAt: null, attestationAttempts: 1, attestationError: expect.stringContaining('ECONNREFUSED') });
      expect((await certificationStatus(digest)).status).toBe('certified');
    } finally {
      useAttestationRepository(proxy.host);
    }
    const round = await runCertificationMaintenance();
    expect(round.retried.find((r) => r.digest === digest)).toMatchObject({ outcome: 'pushed' });
    expect((await prisma.certification.findFirstOrThrow({ where: { digest } })).attestationPushedAt).not.toBeNull();
    expect(await attestationExists(digest)).toBe(true);
  });
});
