'use server';

import { revalidatePath } from 'next/cache';
import { retryPublish } from '../server/reviews/decide-submission';
import { runAction, type ActionState } from './run-action';

/** Publishes an approved submission whose publication failed at approval time. */
export async function publishSubmissionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = String(form.get('id') ?? '');
  return runAction(async ({ actor, sourceIp }) => {
    await retryPublish({ actor, sourceIp, id });
    revalidatePath(`/review/${id}`);
    return undefined;
  }, 'Published and certified.');
}
