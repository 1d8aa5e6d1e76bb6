import { Badge } from '@/components/ui/badge';
import type { WaiverBadgeData } from './types';

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/** "waived" with the reason; the justification and expiry are in the title and for screen readers. */
export function WaivedBadge({ waiver }: { waiver: WaiverBadgeData }) {
  return (
    <span title={`${waiver.reason}: ${waiver.justification} (until ${day(waiver.expiresAt)})`}>
      <Badge tone="warning">
        waived · {waiver.reason}
        <span className="sr-only">
          : {waiver.justification}, until {day(waiver.expiresAt)}
        </span>
      </Badge>
    </span>
  );
}
