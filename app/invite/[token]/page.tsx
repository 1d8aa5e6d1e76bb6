import type { Metadata } from 'next';
import Link from 'next/link';
import { getSessionActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getInvitationBySecret } from '@/lib/server/invitations/accept-invitation';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { AcceptInvitationForm } from '@/components/vendors/accept-invitation-form';

export const metadata: Metadata = { title: 'Invitation', referrer: 'no-referrer' };

const STATE_MESSAGES = {
  accepted: 'This invitation was already used.',
  revoked: 'This invitation was revoked by the organization.',
  expired: 'This invitation has expired. Ask for a new one.',
} as const;

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await getInvitationBySecret({ secret: token }).catch((error) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  const actor = await getSessionActor();
  const here = `/invite/${token}`;
  return (
    <div className="mx-auto max-w-lg py-6">
      <Card>
        {!invitation ? (
          <>
            <h1 className="text-2xl font-semibold tracking-tight">Invitation</h1>
            <div className="mt-4">
              <Alert tone="error">This invitation link is not valid. Ask for a new one.</Alert>
            </div>
          </>
        ) : (
          <>
            <h1 className="text-2xl font-semibold tracking-tight">Join {invitation.organization.name}</h1>
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              {invitation.invitedBy} invited you to join as {invitation.role === 'owner' ? 'an owner' : 'a member'}
              {invitation.email ? <> (invitation for {invitation.email})</> : null}.
            </p>
            <div className="mt-6 space-y-4">
              {invitation.state !== 'pending' ? (
                <Alert tone="error">{STATE_MESSAGES[invitation.state]}</Alert>
              ) : actor.kind === 'user' ? (
                <>
                  <p className="text-sm">Signed in as {actor.email}.</p>
                  <AcceptInvitationForm token={token} organizationName={invitation.organization.name} />
                </>
              ) : (
                <div className="flex flex-wrap gap-3">
                  <Link className={buttonClasses('primary')} href={`/signup?callbackUrl=${encodeURIComponent(here)}`}>
                    Create an account
                  </Link>
                  <Link className={buttonClasses('secondary')} href={`/signin?callbackUrl=${encodeURIComponent(here)}`}>
                    Sign in
                  </Link>
                </div>
              )}
            </div>
          </>
        )}
      </Card>
    </div>
  );
}
