'use server';

import { revalidatePath } from 'next/cache';
import { requestReview } from '../server/submissions/request-review';
import { runAction, type ActionState } from './run-action';

export async function requestReviewAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = String(form.get('id'));
  return runAction(async ({ actor, sourceIp }) => {
    const s = await requestReview({ actor, sourceIp, id, input: { justification: form.get('justification') ?? '' } });
    revalidatePath(`/vendors/${s.vendor.slug}/submissions/${id}`);
    return undefined;
  }, 'Review requested: a reviewer will look at your justification.');
}
