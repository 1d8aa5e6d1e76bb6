import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { formatReference, isCertificationError, parseReference } from '@/certification/index';
import { db, type Tx } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { encryptSecret } from '../../crypto/secret-box';
import { enqueueCertification } from '../../queue/queue';
import { pipelineConfig } from '../../pipeline/config';
import { storage, StorageError } from '../../storage';
import { ZArchiveUploadSchema, ZCreateReferenceSubmissionSchema } from '../../schemas/submission';
import type { Prisma } from '../../generated/prisma/client';
import { getProductForActor } from '../products/get-product';
import { SUBMISSION_FIELDS, presentSubmission } from './present-submission';

export interface CreateSubmissionBase {
  actor: Actor;
  sourceIp: string | null;
  vendor: string;
  product: string;
}

export function credentialsContext(submissionId: string): string {
  return `submission:${submissionId}:registry-credentials`;
}

function submitter(actor: Actor): Pick<Prisma.SubmissionUncheckedCreateInput, 'submittedById' | 'submittedByTokenId'> {
  if (actor.kind === 'user') return { submittedById: actor.userId, submittedByTokenId: null };
  if (actor.kind === 'token') return { submittedById: actor.createdById, submittedByTokenId: actor.tokenId };
  return { submittedById: null, submittedByTokenId: null };
}

// Creation = the row, its first status event, the audit event and the queued job, all in one transaction.
async function insertSubmission(
  tx: Tx,
  opts: { actor: Actor; sourceIp: string | null; organizationId: string; productId: string; data: Omit<Prisma.SubmissionUncheckedCreateInput, 'organizationId' | 'productId'>; credentials?: { username: string; password: string } },
) {
  const { actor } = opts;
  let row = await tx.submission.create({
    data: { ...opts.data, organizationId: opts.organizationId, productId: opts.productId, ...submitter(actor), progress: { stage: 'queued' } },
    select: SUBMISSION_FIELDS,
  });
  if (opts.credentials) {
    // Encrypted with the row's id as associated data, so the ciphertext is useless on any other row.
    row = await tx.submission.update({
      where: { id: row.id },
      data: { credentialsEncrypted: encryptSecret(JSON.stringify(opts.credentials), { context: credentialsContext(row.id) }) },
      select: SUBMISSION_FIELDS,
    });
  }
  await tx.submissionEvent.create({
    data: {
      submissionId: row.id,
      fromStatus: null,
      toStatus: 'queued',
      actorUserId: actor.kind === 'user' ? actor.userId : null,
      actorTokenId: actor.kind === 'token' ? actor.tokenId : null,
      reason: null,
    },
  });
  await recordAudit(tx, {
    actor,
    action: 'submission.create',
    objectType: 'submission',
    objectId: row.id,
    organizationId: opts.organizationId,
    sourceIp: opts.sourceIp,
    after: { status: 'queued', source: row.source, reference: row.reference, product: row.product.slug, hasCredentials: Boolean(opts.credentials) },
  });
  await enqueueCertification(tx, { submissionId: row.id, attempt: row.attempt });
  return presentSubmission(row);
}

// skopeo's transport names: anything else before a colon is a host (localhost:5000/app).
const TRANSPORT_NAMES = new Set(['docker', 'oci', 'oci-archive', 'docker-archive', 'dir', 'containers-storage', 'docker-daemon', 'sif', 'tarball', 'ostree']);

function invalidReference(message: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid input — reference: ${message}`, { details: { issues: [{ field: 'reference', message }] } });
}

/** The engine's parser decides what a reference is; a bare HOST/NAME:TAG is read as docker://. */
export function validateRegistryReference(input: string): string {
  let ref;
  try {
    const transport = /^([a-z-]+):/.exec(input)?.[1];
    ref = parseReference(transport && TRANSPORT_NAMES.has(transport) ? input : `docker://${input}`);
  } catch (e) {
    throw invalidReference(isCertificationError(e) ? e.message : String(e));
  }
  if (ref.transport !== 'docker') {
    throw invalidReference(`expected docker://HOST/NAME[:TAG|@DIGEST], got the ${ref.transport} transport (upload archives instead of naming files)`);
  }
  return formatReference(ref);
}

/** Submits an image by registry reference. Only docker:// is accepted: the server reads no local paths. */
export async function createReferenceSubmission({ actor, sourceIp, vendor, product: productSlug, input }: CreateSubmissionBase & { input: unknown }) {
  const { organization, product } = await getProductForActor({ actor, vendor, product: productSlug, permission: 'submissions.write' });
  const parsed = ZCreateReferenceSubmissionSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const reference = validateRegistryReference(parsed.data.reference);
  return db().$transaction((tx) =>
    insertSubmission(tx, {
      actor,
      sourceIp,
      organizationId: organization.id,
      productId: product.id,
      data: { source: 'registry', reference, platform: parsed.data.platform ?? null },
      credentials: parsed.data.credentials,
    }),
  );
}

export interface CreateArchiveSubmissionOptions extends CreateSubmissionBase {
  /** The request body, streamed to storage as it arrives; never held in memory. */
  body: Readable | AsyncIterable<Uint8Array>;
  /** Declared size, when the client sent Content-Length: refused early when over the limit. */
  declaredBytes?: number | null;
  input: unknown;
}

/** Maximum upload size in bytes (ASSAY_MAX_UPLOAD_BYTES). */
export function maxUploadBytes(): number {
  return pipelineConfig().ASSAY_MAX_UPLOAD_BYTES;
}

export function tooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The archive is larger than the limit of ${limit} bytes (ASSAY_MAX_UPLOAD_BYTES).`, { details: { maxBytes: limit } });
}

/**
 * Submits an uploaded oci-archive / docker-archive. Authorizes before reading a byte, streams the
 * body into storage with the size limit (over it: 413 and the partial file is gone), then creates
 * the submission; if that fails the stored archive is removed again.
 */
export async function createArchiveSubmission({ actor, sourceIp, vendor, product: productSlug, body, declaredBytes, input }: CreateArchiveSubmissionOptions) {
  const { organization, product } = await getProductForActor({ actor, vendor, product: productSlug, permission: 'submissions.write' });
  const parsed = ZArchiveUploadSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const limit = maxUploadBytes();
  if (declaredBytes != null && declaredBytes > limit) throw tooLarge(limit);
  const key = `uploads/${organization.id}/${Date.now().toString(36)}-${randomBytes(8).toString('hex')}.tar`;
  const store = storage();
  let stored;
  try {
    stored = await store.put(key, body, { maxBytes: limit });
  } catch (e) {
    if (e instanceof StorageError && e.code === 'TOO_LARGE') throw tooLarge(limit);
    throw new AppError('BAD_REQUEST', `The upload did not complete: ${(e as Error).message}`);
  }
  if (stored.size === 0) {
    await store.delete(key);
    throw new AppError('VALIDATION_FAILED', 'Invalid input — archive: the upload was empty', { details: { issues: [{ field: 'archive', message: 'Choose an archive file' }] } });
  }
  const filename = (parsed.data.filename ?? 'upload.tar').replace(/[^\w.@+-]+/g, '_').slice(0, 200) || 'upload.tar';
  try {
    return await db().$transaction((tx) =>
      insertSubmission(tx, {
        actor,
        sourceIp,
        organizationId: organization.id,
        productId: product.id,
        data: { source: 'archive', reference: `${parsed.data.format ?? 'archive'}:${filename}`, storageKey: key, platform: parsed.data.platform ?? null },
      }),
    );
  } catch (e) {
    await store.delete(key);
    throw e;
  }
}
