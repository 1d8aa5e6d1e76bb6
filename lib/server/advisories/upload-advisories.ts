import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { actorLabel } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { recordAudit } from '../../audit/record';
import { AppError } from '../../errors';
import { storage, StorageError } from '../../storage';
import { pipelineConfig } from '../../pipeline/config';
import { enqueueAdvisoryImport } from '../../pipeline/advisory-jobs';

export interface UploadAdvisoriesOptions {
  actor: Actor;
  sourceIp: string | null;
  body: Readable | AsyncIterable<Uint8Array>;
  declaredBytes: number | null;
  filename: string | undefined;
}

function tooLarge(limit: number) {
  return new AppError('PAYLOAD_TOO_LARGE', `The advisory archive is larger than the limit of ${limit} bytes (ASSAY_MAX_ADVISORY_UPLOAD_BYTES).`, { details: { maxBytes: limit } });
}

/** Streams an OSV zip into storage (size-limited) and queues its import for a worker. */
export async function uploadAdvisories({ actor, sourceIp, body, declaredBytes, filename }: UploadAdvisoriesOptions) {
  assertAuthorized(actor, 'advisories.write');
  const name = (filename ?? 'advisories.zip').replace(/[^\w.@+-]+/g, '_').slice(0, 200) || 'advisories.zip';
  if (!/\.zip$/i.test(name)) {
    throw new AppError('VALIDATION_FAILED', `Invalid input — file: expected a .zip of OSV JSON files, got "${name}"`, { details: { issues: [{ field: 'file', message: 'Choose a .zip of OSV JSON files' }] } });
  }
  const limit = pipelineConfig().ASSAY_MAX_ADVISORY_UPLOAD_BYTES;
  if (declaredBytes != null && declaredBytes > limit) throw tooLarge(limit);
  const key = `advisory-uploads/${Date.now().toString(36)}-${randomBytes(6).toString('hex')}.zip`;
  let stored;
  try {
    stored = await storage().put(key, body, { maxBytes: limit });
  } catch (e) {
    if (e instanceof StorageError && e.code === 'TOO_LARGE') throw tooLarge(limit);
    throw new AppError('BAD_REQUEST', `The upload did not complete: ${(e as Error).message}`);
  }
  if (stored.size === 0) {
    await storage().delete(key);
    throw new AppError('VALIDATION_FAILED', 'Invalid input — file: the upload was empty', { details: { issues: [{ field: 'file', message: 'Choose a .zip of OSV JSON files' }] } });
  }
  try {
    const jobId = await enqueueAdvisoryImport({ storageKey: key, filename: name, uploadedBy: actorLabel(actor) });
    await db().$transaction((tx) =>
      recordAudit(tx, { actor, action: 'advisories.upload', objectType: 'advisory_import', sourceIp, after: { filename: name, bytes: stored.size, jobId } }),
    );
    return { queued: true, jobId, filename: name, bytes: stored.size };
  } catch (e) {
    await storage().delete(key);
    throw e;
  }
}

/** Uploads and failed imports of the last days, for the admin page (imports themselves are rows). */
export async function recentAdvisoryActivity({ actor }: { actor: Actor }) {
  assertAuthorized(actor, 'advisories.write');
  return db().auditEvent.findMany({
    where: { action: { in: ['advisories.upload', 'advisories.import-failed'] } },
    orderBy: { id: 'desc' },
    take: 10,
    select: { id: true, action: true, actorLabel: true, createdAt: true, after: true },
  });
}
