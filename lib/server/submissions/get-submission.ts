import { db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { authorize } from '../../auth/authorize';
import { storage } from '../../storage';
import { SUBMISSION_FIELDS, presentSubmission } from './present-submission';
import { readableSubmissionsWhere } from './submission-scope';
import { toPublicStatus } from './status-machine';
import { sbomKey } from '../../pipeline/result-keys';

export interface GetSubmissionOptions {
  actor: Actor;
  id: string;
}

const notFound = () => new AppError('NOT_FOUND', 'No such submission.');

async function findReadable(actor: Actor, id: string) {
  if (typeof id !== 'string' || id.length > 64) throw notFound();
  const row = await db().submission.findFirst({ where: { AND: [{ id }, readableSubmissionsWhere(actor)] }, select: { ...SUBMISSION_FIELDS, reportKey: true } });
  if (!row) throw notFound();
  return row;
}

/** Status, progress, timestamps and error of one submission (404 for whoever may not read it). */
export async function getSubmission({ actor, id }: GetSubmissionOptions) {
  return presentSubmission(await findReadable(actor, id));
}

/** The submission with its status history, for the submission page. */
export async function getSubmissionWithHistory({ actor, id }: GetSubmissionOptions) {
  const row = await findReadable(actor, id);
  const submission = presentSubmission(row);
  const events = await db().submissionEvent.findMany({
    where: { submissionId: submission.id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      fromStatus: true,
      toStatus: true,
      reason: true,
      createdAt: true,
      actorUser: { select: { name: true, email: true } },
      actorToken: { select: { name: true } },
    },
  });
  return {
    ...submission,
    /** Whether the viewer may cancel or withdraw it (the vendor's submissions.write). */
    canAct: authorize(actor, 'submissions.write', { organizationId: row.organizationId }),
    history: events.map((e) => ({
      id: e.id,
      from: e.fromStatus ? toPublicStatus(e.fromStatus) : null,
      to: toPublicStatus(e.toStatus),
      reason: e.reason,
      at: e.createdAt,
      by: e.actorUser ? e.actorUser.name || e.actorUser.email : e.actorToken ? `API token ${e.actorToken.name}` : 'Assay',
    })),
  };
}

/** The stored report JSON (a stream), when the worker wrote one. */
export async function getSubmissionReport({ actor, id }: GetSubmissionOptions) {
  const row = await findReadable(actor, id);
  if (!row.reportKey) throw new AppError('NOT_FOUND', 'This submission has no report yet.');
  return storage().get(row.reportKey);
}

/** The stored CycloneDX or SPDX SBOM (a stream), beside the report. */
export async function getSubmissionSbom({ actor, id, format }: GetSubmissionOptions & { format: string | null }) {
  const f = format ?? 'cyclonedx';
  if (f !== 'cyclonedx' && f !== 'spdx') {
    throw new AppError('VALIDATION_FAILED', `Expected format cyclonedx or spdx, got "${f}".`, { details: { issues: [{ field: 'format', message: 'Use cyclonedx or spdx' }] } });
  }
  const row = await findReadable(actor, id);
  if (!row.reportKey) throw new AppError('NOT_FOUND', 'This submission has no SBOM yet.');
  const key = sbomKey(row.reportKey, f);
  if (!(await storage().stat(key))) throw new AppError('NOT_FOUND', 'This submission has no SBOM.');
  return { stream: await storage().get(key), format: f };
}
