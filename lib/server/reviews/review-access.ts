import type { Actor } from '../../auth/actor';
import { assertAuthorized, isMember } from '../../auth/authorize';
import type { Permission } from '../../auth/permissions';
import { AppError } from '../../errors';

/**
 * A reviewer acts on another organization's submission only: a member of the submitting organization
 * (admins included) may not decide or waive on it, so nobody approves their own work.
 */
export function assertMayReview(actor: Actor, organizationId: string, permission: Permission = 'reviews.decide'): void {
  assertAuthorized(actor, permission, { organizationId });
  if (isMember(actor, organizationId)) {
    throw new AppError('FORBIDDEN', 'You are a member of the organization that submitted this image: a reviewer cannot decide or waive on their own organization’s submission. Ask another reviewer.', {
      details: { reason: 'own-organization' },
    });
  }
}
