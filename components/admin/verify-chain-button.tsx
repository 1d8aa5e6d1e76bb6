'use client';

import { useActionState } from 'react';
import { verifyAuditChainAction } from '@/lib/actions/verify-audit-chain';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';

export function VerifyChainButton() {
  const [state, action] = useActionState(verifyAuditChainAction, null);
  const result = state?.ok ? state.data : undefined;
  return (
    <div className="space-y-3">
      <form action={action}>
        <SubmitButton variant="secondary" pendingLabel="Verifying…">
          Verify chain
        </SubmitButton>
      </form>
      <div aria-live="polite" data-testid="chain-result">
        {state && !state.ok ? <Alert tone="error">{state.message}</Alert> : null}
        {result?.ok ? (
          <Alert tone="success" title="Audit trail intact">
            All {result.checked} event(s) verified against their hashes and links ({new Date(result.verifiedAt).toLocaleString()}).
          </Alert>
        ) : null}
        {result && !result.ok ? (
          <Alert tone="error" title={`Audit trail tampered at event ${result.firstBad!.id}`}>
            {result.firstBad!.message}. {result.checked} event(s) before it verified.
          </Alert>
        ) : null}
      </div>
    </div>
  );
}
