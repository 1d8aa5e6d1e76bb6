'use server';

import { revalidatePath } from 'next/cache';
import { activatePolicy } from '../server/policies/policies';
import { runAction, type ActionState } from './run-action';

export async function activatePolicyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async ({ actor, sourceIp }) => {
    await activatePolicy({ actor, sourceIp, id: String(form.get('id') ?? '') });
    revalidatePath('/admin/policy');
    return undefined;
  }, 'Policy version activated.');
}
