'use server';

import { revalidatePath } from 'next/cache';
import { revokeWaiver } from '../server/waivers/revoke-waiver';
import { runAction, type ActionState } from './run-action';

export async function revokeWaiverAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const waiverId = String(form.get('waiverId') ?? '');
  const submissionId = String(form.get('submissionId') ?? '');
  return runAction(async ({ actor, sourceIp }) => {
    await revokeWaiver({ actor, sourceIp, waiverId, input: { reason: form.get('reason') || undefined } });
    revalidatePath(`/review/${submissionId}`);
    return undefined;
  }, 'Waiver revoked; the verdict was recomputed.');
}
