import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { ResetRequestForm } from '@/components/accounts/reset-request-form';

export const metadata: Metadata = { title: 'Reset your password' };

export default function ResetRequestPage() {
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">Reset your password</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600 dark:text-slate-400">
        Enter the email address of your account. We will send it a link to choose a new password; it also lifts a lock-out.
      </p>
      <ResetRequestForm />
    </Card>
  );
}
