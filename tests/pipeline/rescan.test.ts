import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycloneDx } from '@/certification/sbom/cyclonedx';
import type { Db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { storage } from '../../lib/storage';
import { publishSubmission } from '../../lib/certifications/publish-submission';
import { platformKeyring } from '../../lib/platform-keys';
import { enqueueAdvisoryImport } from '../../lib/pipeline/advisory-jobs';
import { inventoryFromCycloneDx, isGradeDrop, rescanPublished, type GradeHistoryEntry } from '../../lib/pipeline/rescan';
import { sbomKey } from '../../lib/pipeline/result-keys';
import { listingGradeHistory } from '../../lib/server/listings/grade-history';
import { startWorkerPool, type WorkerPool } from '../../lib/pipeline/supervisor';
import { stopProducer } from '../../lib/queue/queue';
import { makeMembership, makeUser } from '../support/factories';
import { actorOf } from '../support/accounts';
import { useTestDatabase } from '../support/db';
import { approvedSubmission } from '../certifications/support';
import { makeVendor, waitFor } from './support';

// Re-certification in a real worker process: an advisory zip imported through the queue makes the
// worker re-grade a published listing from its stored SBOM — without reading the image again.

const DAY = 86_400_000;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-rescan-'));
let prisma: Db;
let pool: WorkerPool;
let vendor: Awaited<ReturnType<typeof makeVendor>>;
let member: { id: string };
let listingVersionId: string;
const output: string[] = [];

const OS = { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)', raw: {} };
const PACKAGES = [
  { manager: 'dpkg' as const, name: 'libfoo1', version: '1.0-1', sourceName: 'foo', sourceVersion: '1.0-1' },
  { manager: 'dpkg' as const, name: 'bash', version: '5.2.15-2+b7', sourceName: 'bash', sourceVersion: '5.2.15-2' },
];

/** An OSV zip with one high-urgency Debian 12 advisory against source package `foo`, fixed 60 days ago. */
function advisoryZip(name: string): string {
  const dir = path.join(dataDir, `osv-${name}`);
  mkdirSync(dir, { recursive: true });
  const published = new Date(Date.now() - 60 * DAY).toISOString();
  const record = {
    schema_version: '1.7.3',
    id: 'ASSAY-TEST-2026-0001',
    published,
    modified: published,
    summary: 'test advisory against foo (not a real vulnerability)',
    affected: [{ package: { name: 'foo', ecosystem: 'Debian:12' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0-2' }] }], ecosystem_specific: { urgency: 'high' } }],
  };
  writeFileSync(path.join(dir, 'ASSAY-TEST-2026-0001.json'), JSON.stringify(record));
  const zip = path.join(dataDir, `${name}.zip`);
  execFileSync('zip', ['-q', '-j', zip, path.join(dir, 'ASSAY-TEST-2026-0001.json')]);
  return zip;
}

async function importThroughQueue(name: string, zip: string): Promise<string> {
  const key = `advisory-uploads/${name}.zip`;
  await storage().put(key, readFileSync(zip));
  await enqueueAdvisoryImport({ storageKey: key, filename: `${name}.zip`, uploadedBy: 'admin@test' });
  const row = await waitFor(`import of ${name}`, () => prisma.advisoryImport.findFirst({ where: { source: { startsWith: `${name}.zip` } } }), 30_000);
  return row.id;
}

const dropNotifications = () => prisma.notification.findMany({ where: { kind: 'listing.grade-dropped' }, orderBy: { userId: 'asc' } });

beforeAll(async () => {
  const database = await useTestDatabase();
  prisma = database.prisma;
  process.env.ASSAY_DATA_DIR = dataDir;
  process.env.ASSAY_ENCRYPTION_KEY = 'rescan-test-encryption-key-0123456789abcdef';
  delete process.env.ASSAY_ATTESTATION_REPOSITORY;
  await platformKeyring();
  vendor = await makeVendor(prisma);
  member = await makeUser(prisma);
  await makeMembership(prisma, member.id, vendor.organization.id, 'member');
  const reviewer = (await actorOf(prisma, (await makeUser(prisma, { platformRole: 'reviewer' })).id)) as Actor & { kind: 'user' };
  const s = await approvedSubmission(prisma, vendor, reviewer);
  // Certified with grade A against an advisory database that knew nothing about `foo`.
  await prisma.submission.update({ where: { id: s.submission.id }, data: { grade: 'A' } });
  await storage().put(sbomKey(s.reportKey, 'cyclonedx'), JSON.stringify(cycloneDx({ name: 'registry.example.com/acme/app', digest: s.digest, os: OS, packages: PACKAGES, timestamp: new Date().toISOString() })));
  const published = await publishSubmission(s.submission.id, { actor: reviewer });
  listingVersionId = published.listingVersion.id;
  await prisma.webhook.create({ data: { organizationId: vendor.organization.id, url: 'https://hooks.example.com/assay', secretEncrypted: 'unused', events: ['dev.assay.listing.*'] } });
  pool = startWorkerPool({
    count: 1,
    env: { ...process.env, DATABASE_URL: database.url, ASSAY_QUEUE_MAINTENANCE_SECONDS: '1', ASSAY_QUEUE_POLL_SECONDS: '0.5' },
    onOutput: (line) => output.push(line),
  });
  await waitFor('the worker to be ready', async () => output.some((l) => l.endsWith('] ready')), 60_000);
}, 120_000);

afterAll(async () => {
  await pool?.stop();
  await stopProducer();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('re-scanning published images after an advisory import', () => {
  let firstImport: string;

  it('re-grades the listing from its stored SBOM in the worker: grade drops A → C, history kept, vendor told, audited', async () => {
    expect(await prisma.listingVersion.findUniqueOrThrow({ where: { id: listingVersionId } })).toMatchObject({ grade: 'A', gradeHistory: [] });
    firstImport = await importThroughQueue('first', advisoryZip('first'));
    const version = await waitFor('the re-scan', async () => {
      const v = await prisma.listingVersion.findUniqueOrThrow({ where: { id: listingVersionId }, include: { listing: true } });
      return v.rescannedImportId === firstImport ? v : null;
    }, 30_000);
    // A high finding whose fix is 60 days old grades C (≤ 90 days).
    expect(version.grade).toBe('C');
    expect(version.listing.grade).toBe('C');
    const history = version.gradeHistory as unknown as GradeHistoryEntry[];
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ from: 'A', to: 'C', advisoryImportId: firstImport });
    expect(Date.now() - Date.parse(history[0]!.at)).toBeLessThan(60_000);

    const notes = await dropNotifications();
    expect(notes.map((n) => n.userId).sort()).toEqual([vendor.owner.id, member.id].sort());
    expect(notes[0]).toMatchObject({ title: 'App: grade dropped from A to C', link: `/vendors/${vendor.organization.slug}` });

    const audit = await prisma.auditEvent.findMany({ where: { action: 'listing.grade-changed', objectId: listingVersionId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'system', actorLabel: 'system:rescan', organizationId: vendor.organization.id, before: { grade: 'A' }, after: { grade: 'C', advisoryImportId: firstImport } });

    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { eventType: 'dev.assay.listing.grade-dropped' } });
    expect(delivery.payload).toMatchObject({ type: 'dev.assay.listing.grade-dropped', data: { from: 'A', to: 'C', advisoryImportId: firstImport, listingVersion: { id: listingVersionId } } });
    const shown = await listingGradeHistory({ productId: vendor.product.id });
    expect(shown).toMatchObject({ grade: 'C', versions: [{ listingVersionId, certifiedGrade: 'A', grade: 'C', changes: [{ from: 'A', to: 'C', advisoryImportId: firstImport }] }] });
    // The image was never read: the SBOM was enough (the reference points at a registry that does not exist).
    expect(output.some((l) => l.includes('rescan: 1 version(s)') && l.includes('1 drop(s)'))).toBe(true);
  });

  it('changes nothing when run again against the same index, or when the same advisories are imported again', async () => {
    const again = await rescanPublished();
    expect(again).toMatchObject({ advisoryImportId: firstImport, scanned: 0, changed: [] });

    const secondImport = await importThroughQueue('second', advisoryZip('second'));
    expect(secondImport).not.toBe(firstImport);
    const version = await waitFor('the second re-scan', async () => {
      const v = await prisma.listingVersion.findUniqueOrThrow({ where: { id: listingVersionId } });
      return v.rescannedImportId === secondImport ? v : null;
    }, 30_000);
    expect(version.grade).toBe('C');
    expect(version.gradeHistory).toHaveLength(1);
    expect(await dropNotifications()).toHaveLength(2);
    expect(await prisma.auditEvent.count({ where: { action: 'listing.grade-changed' } })).toBe(1);
    expect(await prisma.webhookDelivery.count({ where: { eventType: 'dev.assay.listing.grade-dropped' } })).toBe(1);
  });

  it('leaves revoked versions alone', async () => {
    await prisma.listingVersion.update({ where: { id: listingVersionId }, data: { revokedAt: new Date(), rescannedImportId: null } });
    expect(await rescanPublished()).toMatchObject({ scanned: 0 });
    await prisma.listingVersion.update({ where: { id: listingVersionId }, data: { revokedAt: null } });
  });
});

describe('grade logic', () => {
  it('reads packages and os-release back out of the stored CycloneDX SBOM', () => {
    const sbom = cycloneDx({ name: 'x', digest: `sha256:${'a'.repeat(64)}`, os: OS, packages: [...PACKAGES, { manager: 'rpm', name: 'curl', epoch: 1, version: '7.76.1', release: '26.el9' }], timestamp: '2026-01-01T00:00:00Z' });
    const inv = inventoryFromCycloneDx(sbom);
    expect(inv?.osRelease).toMatchObject({ id: 'debian', versionId: '12' });
    expect(inv?.packages).toEqual([
      { manager: 'dpkg', name: 'libfoo1', version: '1.0-1', sourceName: 'foo', sourceVersion: '1.0-1' },
      { manager: 'dpkg', name: 'bash', version: '5.2.15-2+b7', sourceName: 'bash', sourceVersion: '5.2.15-2' },
      { manager: 'rpm', name: 'curl', version: '1:7.76.1-26.el9' },
    ]);
    expect(inventoryFromCycloneDx({ components: [{ type: 'library', name: 'a', version: '1' }] })).toBeNull();
    expect(inventoryFromCycloneDx(null)).toBeNull();
  });

  it('counts only a move to a later letter as a drop', () => {
    expect(isGradeDrop('A', 'C')).toBe(true);
    expect(isGradeDrop('C', 'B')).toBe(false);
    expect(isGradeDrop('B', 'B')).toBe(false);
    expect(isGradeDrop('ungraded', 'F')).toBe(false);
  });
});
