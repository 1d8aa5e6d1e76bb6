'use server';

import { createUser } from '../server/users/create-user';
import { formToObject, runAction, type ActionState } from './run-action';

// Creates the account; the form then signs in through next-auth's credentials flow.
export async function signUpAction(_prev: ActionState<{ email: string }>, form: FormData): Promise<ActionState<{ email: string }>> {
  return runAction(async ({ sourceIp }) => {
    const user = await createUser({ input: formToObject(form), sourceIp });
    return { email: user.email };
  });
}
