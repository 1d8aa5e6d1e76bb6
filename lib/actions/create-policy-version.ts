'use server';

import { revalidatePath } from 'next/cache';
import { createPolicyVersion } from '../server/policies/policies';
import { runAction, type ActionState } from './run-action';

export async function createPolicyVersionAction(_prev: ActionState<{ version: number }>, form: FormData): Promise<ActionState<{ version: number }>> {
  return runAction(async ({ actor, sourceIp }) => {
    const p = await createPolicyVersion({ actor, sourceIp, document: String(form.get('document') ?? ''), activate: form.get('activate') === 'on' });
    revalidatePath('/admin/policy');
    return { version: p.version };
  }, 'Saved as a new policy version.');
}
