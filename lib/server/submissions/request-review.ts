import { db } from '../../db/client';
import { fromZodError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { ZRequestReviewSchema } from '../../schemas/review-request';
import { getSubmission } from './get-submission';
import { transitionSubmission } from './status-machine';

export interface RequestReviewOptions {
  actor: Actor;
  sourceIp: string | null;
  id: string;
  input: unknown;
}

// checks-failed → awaiting-review: the vendor asks a reviewer to look anyway (for a waiver or a
// policy exception). The justification is stored on the submission and in the status history.
export async function requestReview({ actor, sourceIp, id, input }: RequestReviewOptions) {
  await getSubmission({ actor, id });
  const parsed = ZRequestReviewSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError(parsed.error);
  const { justification } = parsed.data;
  await db().$transaction((tx) =>
    transitionSubmission(tx, { submissionId: id, to: 'awaiting-review', from: ['checks-failed'], actor, sourceIp, reason: justification, data: { justification } }),
  );
  return getSubmission({ actor, id });
}
