'use server';

import { revalidatePath } from 'next/cache';
import { grantWaiver } from '../server/waivers/grant-waiver';
import { formToObject, runAction, type ActionState } from './run-action';

export async function grantWaiverAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { submissionId, ...input } = formToObject(form);
  return runAction(async ({ actor, sourceIp }) => {
    await grantWaiver({ actor, sourceIp, submissionId: String(submissionId ?? ''), input });
    revalidatePath(`/review/${String(submissionId)}`);
    return undefined;
  }, 'Waiver granted; the verdict was recomputed.');
}
