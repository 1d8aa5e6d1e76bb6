import type { Metadata } from 'next';
import Link from 'next/link';
import { isPasswordResetUsable } from '@/lib/server/users/reset-password';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { ResetPasswordForm } from '@/components/accounts/reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable = await isPasswordResetUsable(token);
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
      <div className="mt-6">
        {usable ? (
          <ResetPasswordForm token={token} />
        ) : (
          <Alert tone="error" title="This reset link is invalid, expired or already used.">
            <Link href="/reset" className="underline">Ask for a new link</Link>.
          </Alert>
        )}
      </div>
    </Card>
  );
}
