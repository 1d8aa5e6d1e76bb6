'use server';

import { revalidatePath } from 'next/cache';
import { addComment } from '../server/comments/comments';
import { formToObject, runAction, type ActionState } from './run-action';

export async function addCommentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = formToObject(form);
  const submissionId = String(input.submissionId ?? '');
  const returnPath = String(input.returnPath ?? '');
  return runAction(async ({ actor, sourceIp }) => {
    await addComment({ actor, sourceIp, submissionId, input: { body: input.body, parentId: input.parentId || undefined } });
    // Only our own pages are revalidated; the path comes from the form.
    if (/^\/(review|vendors)\//.test(returnPath)) revalidatePath(returnPath);
    return undefined;
  }, 'Comment posted.');
}
