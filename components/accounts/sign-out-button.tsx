'use client';

import { useTransition } from 'react';
import { signOut } from 'next-auth/react';
import { Button } from '@/components/ui/button';

// signOut() posts to next-auth's /api/auth/signout with the CSRF token, then leaves for the home page.
export function SignOutButton() {
  const [pending, startTransition] = useTransition();
  return (
    <Button onClick={() => startTransition(() => signOut({ callbackUrl: '/' }))} disabled={pending}>
      {pending ? 'Signing out…' : 'Sign out'}
    </Button>
  );
}
