'use server';

import { revalidatePath } from 'next/cache';
import { withdrawSubmission } from '../server/submissions/cancel-submission';
import { runAction, type ActionState } from './run-action';

export async function withdrawSubmissionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = String(form.get('id'));
  return runAction(async ({ actor, sourceIp }) => {
    const s = await withdrawSubmission({ actor, sourceIp, id, input: { reason: form.get('reason') || undefined } });
    revalidatePath(`/vendors/${s.vendor.slug}/submissions/${id}`);
    return undefined;
  }, 'Submission withdrawn.');
}
