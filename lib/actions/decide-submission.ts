'use server';

import { revalidatePath } from 'next/cache';
import { decideSubmission } from '../server/reviews/decide-submission';
import { formToObject, runAction, type ActionState } from './run-action';

export async function decideSubmissionAction(_prev: ActionState<{ publishError: string | null }>, form: FormData): Promise<ActionState<{ publishError: string | null }>> {
  const input = formToObject(form);
  const id = String(input.id ?? '');
  const label = input.decision === 'approve' ? 'Approved.' : input.decision === 'reject' ? 'Rejected.' : 'Changes requested.';
  return runAction(async ({ actor, sourceIp }) => {
    const out = await decideSubmission({ actor, sourceIp, id, input });
    revalidatePath(`/review/${id}`);
    revalidatePath('/review');
    return { publishError: out.publishError };
  }, label);
}
