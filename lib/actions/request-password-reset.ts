'use server';

import { requestPasswordReset } from '../server/users/request-password-reset';
import { formToObject, runAction, type ActionState } from './run-action';

export async function requestPasswordResetAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(
    async ({ sourceIp }) => {
      await requestPasswordReset({ input: formToObject(form), sourceIp });
      return undefined;
    },
    'If an account exists for this address, we sent it a link to choose a new password. The link expires in one hour.',
  );
}
