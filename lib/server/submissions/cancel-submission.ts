import { db } from '../../db/client';
import { fromZodError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { ZStatusReasonSchema } from '../../schemas/submission';
import { getSubmission } from './get-submission';
import { transitionSubmission } from './status-machine';

export interface EndSubmissionOptions {
  actor: Actor;
  sourceIp: string | null;
  id: string;
  input?: unknown;
}

// The vendor stops its own submission before a decision: `cancelled` while it is queued or being
// certified (a running worker notices within a second and aborts the engine), `withdrawn` after.
export async function cancelSubmission(opts: EndSubmissionOptions) {
  return endSubmission(opts, 'cancelled');
}

export async function withdrawSubmission(opts: EndSubmissionOptions) {
  return endSubmission(opts, 'withdrawn');
}

async function endSubmission({ actor, sourceIp, id, input }: EndSubmissionOptions, to: 'cancelled' | 'withdrawn') {
  // Reading first answers 404 to outsiders; the machine then decides whether this actor may do it.
  await getSubmission({ actor, id });
  const parsed = ZStatusReasonSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError(parsed.error);
  await db().$transaction((tx) =>
    transitionSubmission(tx, {
      submissionId: id,
      to,
      actor,
      sourceIp,
      reason: parsed.data.reason,
      data: { finishedAt: new Date(), ...(to === 'cancelled' ? { progress: { stage: 'cancelled' } } : {}) },
    }),
  );
  return getSubmission({ actor, id });
}
