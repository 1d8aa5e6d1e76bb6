import { Badge } from '@/components/ui/badge';
import type { SubmissionStatus } from '@/lib/server/submissions/status-machine';

const TONE: Record<SubmissionStatus, 'neutral' | 'brand' | 'success' | 'warning' | 'danger'> = {
  queued: 'neutral',
  certifying: 'brand',
  'checks-failed': 'danger',
  'awaiting-review': 'brand',
  'changes-requested': 'warning',
  approved: 'success',
  rejected: 'danger',
  published: 'success',
  revoked: 'danger',
  expired: 'warning',
  cancelled: 'neutral',
  withdrawn: 'neutral',
  error: 'danger',
};

// The status name is the same word as in the API and the audit log.
export function StatusBadge({ status }: { status: SubmissionStatus }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
