import type PgBoss from 'pg-boss';
import { gradeFindings, matchAdvisories, type AdvisoryIndex, type Grade } from '@/certification/index';
import type { InstalledPackage } from '@/certification/packages/types';
import type { OsRelease } from '@/certification/os-release';
import { db } from '../db/client';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { producer } from '../queue/queue';
import { storage } from '../storage';
import { currentAdvisoryIndex } from '../server/advisories/advisories';
import { notifyUsers, organizationAudience } from '../server/notifications/notify';
import { emitEvent } from '../webhooks/emit';
import { sbomKey } from './result-keys';

// Re-certification after an advisory import: every published, standing listing version is graded
// again from its stored CycloneDX SBOM (packages + os-release, written when it was certified) against
// the new index — the image itself is never read again. Grade changes are kept in the version's
// grade history; a drop tells the vendor (in-app and webhook).

export const RESCAN_QUEUE = 'rescan-published';
export const GRADE_DROPPED_EVENT = 'dev.assay.listing.grade-dropped';
const RESCAN_ACTOR: Actor = { kind: 'system', label: 'rescan' };
const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'E', 'F'];

export interface RescanJob {
  advisoryImportId: string;
}

export interface GradeHistoryEntry {
  at: string;
  from: string;
  to: string;
  advisoryImportId: string;
}

export async function ensureRescanQueue(boss: PgBoss): Promise<void> {
  const options = { name: RESCAN_QUEUE, policy: 'standard' as const, retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 };
  if (await boss.getQueue(RESCAN_QUEUE)) await boss.updateQueue(RESCAN_QUEUE, options);
  else await boss.createQueue(RESCAN_QUEUE, options);
}

/** Queues the re-scan that follows an import; one pending job per import. */
export async function enqueueRescan(job: RescanJob, boss?: PgBoss): Promise<string | null> {
  const b = boss ?? (await producer());
  await ensureRescanQueue(b);
  return b.send(RESCAN_QUEUE, job, { singletonKey: job.advisoryImportId });
}

/** A grade drop is a move to a later letter; anything outside A–F (ungraded) never "drops". */
export function isGradeDrop(from: string, to: string): boolean {
  const a = GRADES.indexOf(from as Grade);
  const b = GRADES.indexOf(to as Grade);
  return a >= 0 && b > a;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * Packages and os-release back out of the CycloneDX SBOM the pipeline stored (certification/sbom/
 * cyclonedx.ts): the manager and source name/version are properties; the version is the full EVR,
 * which is exactly what matching compares.
 */
export function inventoryFromCycloneDx(sbom: unknown): { osRelease: OsRelease; packages: InstalledPackage[] } | null {
  const components = Array.isArray(obj(sbom)?.components) ? (obj(sbom)!.components as unknown[]) : [];
  const os = components.map(obj).find((c) => c?.type === 'operating-system');
  const osId = str(os?.name);
  if (!os || !osId) return null;
  const osRelease: OsRelease = { id: osId, idLike: [], ...(str(os.version) ? { versionId: str(os.version)! } : {}), raw: {} };
  const packages: InstalledPackage[] = [];
  for (const c of components.map(obj)) {
    if (!c || c.type !== 'library' || !str(c.name) || !str(c.version)) continue;
    const props = new Map((Array.isArray(c.properties) ? c.properties : []).map(obj).filter((p): p is Json => !!p).map((p) => [str(p.name), str(p.value)]));
    const manager = props.get('assay:package:manager');
    if (manager !== 'rpm' && manager !== 'dpkg' && manager !== 'apk') continue;
    const sourceName = props.get('assay:package:source-name');
    const sourceVersion = props.get('assay:package:source-version');
    packages.push({ manager, name: str(c.name)!, version: str(c.version)!, ...(sourceName ? { sourceName } : {}), ...(sourceVersion ? { sourceVersion } : {}) });
  }
  return { osRelease, packages };
}

async function readJson(key: string): Promise<unknown> {
  const store = storage();
  if (!(await store.stat(key))) return null;
  const chunks: Buffer[] = [];
  for await (const c of await store.get(key)) chunks.push(Buffer.from(c as Buffer));
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

/** The grade the stored inventory gets against `index` now; null when there is no inventory to judge. */
export async function regrade(reportKey: string | null, index: AdvisoryIndex, now: Date): Promise<Grade | null> {
  if (!reportKey) return null;
  const inventory = inventoryFromCycloneDx(await readJson(sbomKey(reportKey, 'cyclonedx')));
  if (!inventory) return null;
  const matched = matchAdvisories({ packages: inventory.packages, osRelease: inventory.osRelease, index });
  return gradeFindings(matched.findings, { now }).grade;
}

export interface RescanResult {
  advisoryImportId: string | null;
  scanned: number;
  changed: { listingVersionId: string; from: string; to: string }[];
  dropped: string[];
}

/**
 * Re-grades, in batches, every published, non-revoked listing version not yet re-scanned against the
 * current index. Idempotent: a version already re-scanned against this import is skipped, and an
 * unchanged grade writes no history. Safe with several workers: each version is locked and re-read.
 */
export async function rescanPublished(opts: { now?: Date; batchSize?: number; log?: (line: string) => void } = {}): Promise<RescanResult> {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 50;
  const current = await currentAdvisoryIndex();
  const result: RescanResult = { advisoryImportId: current?.id ?? null, scanned: 0, changed: [], dropped: [] };
  if (!current) return result;
  let after = '';
  for (;;) {
    const batch = await db().listingVersion.findMany({
      where: {
        id: { gt: after },
        revokedAt: null,
        submission: { status: 'published' },
        OR: [{ rescannedImportId: null }, { rescannedImportId: { not: current.id } }],
      },
      orderBy: { id: 'asc' },
      take: batchSize,
      select: { id: true, reportKey: true },
    });
    if (!batch.length) break;
    after = batch[batch.length - 1]!.id;
    for (const v of batch) {
      const grade = await regrade(v.reportKey, current.index, now);
      const change = await applyGrade(v.id, grade, current.id, now);
      result.scanned++;
      if (change) {
        result.changed.push(change);
        if (isGradeDrop(change.from, change.to)) result.dropped.push(v.id);
      }
    }
  }
  if (result.changed.length) opts.log?.(`rescan: ${result.scanned} version(s) against import ${current.id}; ${result.changed.length} grade change(s), ${result.dropped.length} drop(s)`);
  return result;
}

async function applyGrade(listingVersionId: string, grade: Grade | null, advisoryImportId: string, now: Date) {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM listing_versions WHERE id = ${listingVersionId} FOR UPDATE`;
    const v = await tx.listingVersion.findUniqueOrThrow({
      where: { id: listingVersionId },
      select: {
        id: true,
        grade: true,
        digest: true,
        repository: true,
        revokedAt: true,
        rescannedImportId: true,
        gradeHistory: true,
        listing: { select: { id: true, latestVersionId: true, organizationId: true, organization: { select: { slug: true } }, product: { select: { slug: true, name: true } } } },
      },
    });
    if (v.revokedAt || v.rescannedImportId === advisoryImportId) return null;
    if (!grade || grade === v.grade) {
      await tx.listingVersion.update({ where: { id: v.id }, data: { rescannedImportId: advisoryImportId } });
      return null;
    }
    const entry: GradeHistoryEntry = { at: now.toISOString(), from: v.grade, to: grade, advisoryImportId };
    const history = [...(Array.isArray(v.gradeHistory) ? (v.gradeHistory as unknown as GradeHistoryEntry[]) : []), entry];
    await tx.listingVersion.update({ where: { id: v.id }, data: { grade, gradeHistory: history as object[], rescannedImportId: advisoryImportId } });
    if (v.listing.latestVersionId === v.id) await tx.listing.update({ where: { id: v.listing.id }, data: { grade } });
    const organizationId = v.listing.organizationId;
    await recordAudit(tx, {
      actor: RESCAN_ACTOR,
      action: 'listing.grade-changed',
      objectType: 'listing_version',
      objectId: v.id,
      organizationId,
      before: { grade: v.grade },
      after: { grade, advisoryImportId, digest: v.digest },
    });
    if (isGradeDrop(v.grade, grade)) {
      const product = v.listing.product;
      await notifyUsers(tx, await organizationAudience(tx, organizationId), {
        kind: 'listing.grade-dropped',
        title: `${product.name}: grade dropped from ${v.grade} to ${grade}`,
        body: `${v.repository}@${v.digest} was re-scanned against a new advisory database; fixes are available for findings in it.`,
        link: `/vendors/${v.listing.organization.slug}`,
      });
      await emitEvent(
        tx,
        organizationId,
        GRADE_DROPPED_EVENT,
        { listingVersion: { id: v.id, digest: v.digest, repository: v.repository }, vendor: v.listing.organization.slug, product: product.slug, from: v.grade, to: grade, advisoryImportId },
        `listing-versions/${v.id}`,
      );
    }
    return { listingVersionId: v.id, from: v.grade, to: grade };
  });
}
