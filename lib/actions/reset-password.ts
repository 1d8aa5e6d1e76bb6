'use server';

import { redirect } from 'next/navigation';
import { resetPassword } from '../server/users/reset-password';
import { formToObject, runAction, type ActionState } from './run-action';

export async function resetPasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async ({ sourceIp }) => {
    await resetPassword({ input: formToObject(form), sourceIp });
    return undefined;
  });
  if (state?.ok) redirect('/signin?reset=1');
  return state;
}
