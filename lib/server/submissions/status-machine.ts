import type { Prisma, SubmissionStatus as DbStatus } from '../../generated/prisma/client';
import type { Tx } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { authorize } from '../../auth/authorize';
import { recordAudit } from '../../audit/record';
import { AppError } from '../../errors';
import { emitSubmissionEvent } from '../../webhooks/emit';
import { notifyStatusChange } from '../notifications/notify';

// The ONE submission status machine, shown the same in UI, API and audit log. Every status change
// goes through transitionSubmission(): it checks this table, writes the submission_events row and
// the audit event in the caller's transaction, and refuses anything else with CONFLICT.

export const SUBMISSION_STATUSES = [
  'queued',
  'certifying',
  'checks-failed',
  'awaiting-review',
  'changes-requested',
  'approved',
  'rejected',
  'published',
  'revoked',
  'expired',
  'cancelled',
  'withdrawn',
  'error',
] as const;

export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** Who may cause a transition: the platform (workers, schedulers), the vendor, or a reviewer. */
export type TransitionBy = 'system' | 'vendor' | 'reviewer';

interface Transition {
  to: SubmissionStatus;
  by: readonly TransitionBy[];
  /** The transition needs a reason from whoever makes it (justification, decision note). */
  reasonRequired?: boolean;
}

export const TRANSITIONS: Readonly<Record<SubmissionStatus, readonly Transition[]>> = {
  queued: [
    { to: 'certifying', by: ['system'] },
    { to: 'cancelled', by: ['vendor'] },
    { to: 'error', by: ['system'] },
  ],
  certifying: [
    { to: 'checks-failed', by: ['system'] },
    { to: 'awaiting-review', by: ['system'] },
    { to: 'error', by: ['system'] },
    { to: 'cancelled', by: ['vendor'] },
  ],
  'checks-failed': [
    // The vendor asks for review anyway, to request waivers or a policy exception.
    { to: 'awaiting-review', by: ['vendor'], reasonRequired: true },
    { to: 'withdrawn', by: ['vendor'] },
  ],
  'awaiting-review': [
    { to: 'changes-requested', by: ['reviewer'], reasonRequired: true },
    { to: 'approved', by: ['reviewer'], reasonRequired: true },
    { to: 'rejected', by: ['reviewer'], reasonRequired: true },
    { to: 'withdrawn', by: ['vendor'] },
  ],
  'changes-requested': [],
  approved: [{ to: 'published', by: ['system', 'reviewer'] }],
  rejected: [],
  published: [
    { to: 'revoked', by: ['reviewer'], reasonRequired: true },
    { to: 'expired', by: ['system'] },
  ],
  revoked: [],
  expired: [],
  cancelled: [],
  withdrawn: [],
  error: [],
};

export function allowedTransitions(from: SubmissionStatus): SubmissionStatus[] {
  return TRANSITIONS[from].map((t) => t.to);
}

export function isTerminal(status: SubmissionStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

// The database enum uses Prisma-safe names (checks_failed); everything outside speaks hyphens.
export function toPublicStatus(status: DbStatus | string): SubmissionStatus {
  return status.replace(/_/g, '-') as SubmissionStatus;
}

export function toDbStatus(status: SubmissionStatus): DbStatus {
  return status.replace(/-/g, '_') as DbStatus;
}

export function isSubmissionStatus(value: string): value is SubmissionStatus {
  return (SUBMISSION_STATUSES as readonly string[]).includes(value);
}

function actorMay(actor: Actor, by: readonly TransitionBy[], organizationId: string): boolean {
  if (actor.kind === 'system') return by.includes('system');
  if (by.includes('vendor') && authorize(actor, 'submissions.write', { organizationId })) return true;
  if (by.includes('reviewer') && authorize(actor, 'reviews.decide', { organizationId })) return true;
  return false;
}

export interface TransitionOptions {
  submissionId: string;
  to: SubmissionStatus;
  actor: Actor;
  sourceIp?: string | null;
  reason?: string | null;
  /** Only move when the submission is (still) in one of these statuses. */
  from?: readonly SubmissionStatus[];
  /** Worker writes: only when the submission's attempt is still this one (a late worker writes nothing). */
  attempt?: number;
  /** Other columns written with the status (digest, error, finishedAt…). */
  data?: Omit<Prisma.SubmissionUncheckedUpdateInput, 'status' | 'attempt'>;
}

export interface TransitionResult {
  from: SubmissionStatus;
  to: SubmissionStatus;
  submission: { id: string; organizationId: string; status: SubmissionStatus; attempt: number };
}

/**
 * Moves a submission to `to` inside `tx`: locks the row, checks the table and the actor, writes the
 * status (with `data`), one submission_events row and one audit event. Throws CONFLICT for a move
 * the machine does not allow or a stale attempt, FORBIDDEN for an actor not entitled to it.
 */
export async function transitionSubmission(tx: Tx, opts: TransitionOptions): Promise<TransitionResult> {
  const rows = await tx.$queryRaw<{ id: string; organization_id: string; status: string; attempt: number }[]>`
    SELECT id, organization_id, status::text AS status, attempt FROM submissions WHERE id = ${opts.submissionId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No such submission.');
  const from = toPublicStatus(row.status);
  if (opts.attempt !== undefined && row.attempt !== opts.attempt) {
    throw new AppError('CONFLICT', `Submission ${row.id} is on attempt ${row.attempt}, not ${opts.attempt}: this result is stale and was not written.`, {
      details: { reason: 'stale-attempt', attempt: row.attempt },
    });
  }
  const transition = TRANSITIONS[from].find((t) => t.to === opts.to);
  if (!transition || (opts.from && !opts.from.includes(from))) {
    const allowed = allowedTransitions(from);
    throw new AppError(
      'CONFLICT',
      `A submission that is ${from} cannot become ${opts.to}: expected one of ${allowed.length ? allowed.join(', ') : '(none — it is final)'}.`,
      { details: { from, to: opts.to, allowed } },
    );
  }
  if (!actorMay(opts.actor, transition.by, row.organization_id)) {
    throw new AppError('FORBIDDEN', `Moving a submission from ${from} to ${opts.to} is done by ${transition.by.join(' or ')}.`);
  }
  const reason = opts.reason?.trim() || null;
  if (transition.reasonRequired && !reason) {
    throw new AppError('VALIDATION_FAILED', `Moving a submission from ${from} to ${opts.to} needs a reason.`, {
      details: { issues: [{ field: 'reason', message: 'Give a reason' }] },
    });
  }
  const updated = await tx.submission.update({
    where: { id: row.id },
    data: { ...(opts.data ?? {}), status: toDbStatus(opts.to) },
    select: { id: true, organizationId: true, status: true, attempt: true },
  });
  const actor = opts.actor;
  await tx.submissionEvent.create({
    data: {
      submissionId: row.id,
      fromStatus: toDbStatus(from),
      toStatus: toDbStatus(opts.to),
      actorUserId: actor.kind === 'user' ? actor.userId : null,
      actorTokenId: actor.kind === 'token' ? actor.tokenId : null,
      reason,
    },
  });
  await recordAudit(tx, {
    actor,
    action: `submission.${opts.to}`,
    objectType: 'submission',
    objectId: row.id,
    organizationId: row.organization_id,
    sourceIp: opts.sourceIp ?? null,
    before: { status: from },
    after: { status: opts.to, ...(reason ? { reason } : {}), attempt: row.attempt },
  });
  await emitSubmissionEvent(tx, { submissionId: row.id, organizationId: row.organization_id, from, to: opts.to, reason, attempt: row.attempt });
  await notifyStatusChange(tx, { submissionId: row.id, from, to: opts.to, reason, actor });
  return { from, to: opts.to, submission: { ...updated, status: toPublicStatus(updated.status) } };
}
