import { Badge } from '@/components/ui/badge';

export function DeliveryBadge({ sentAt, error }: { sentAt: string | null; error: string | null }) {
  if (error) return <Badge tone="danger">failed</Badge>;
  if (sentAt) return <Badge tone="success">sent</Badge>;
  return <Badge tone="neutral">outbox only</Badge>;
}
