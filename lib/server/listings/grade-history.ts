import { db } from '../../db/client';
import type { GradeHistoryEntry } from '../../pipeline/rescan';

// A listing's grade over time, for the public listing page: the grade each version was certified
// with and every change re-scans made after advisory imports (a drop shows with its date).

export interface ListingGradeHistory {
  listingId: string;
  grade: string | null;
  versions: { listingVersionId: string; digest: string; certifiedAt: Date; certifiedGrade: string; grade: string; changes: GradeHistoryEntry[] }[];
}

function entries(value: unknown): GradeHistoryEntry[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is GradeHistoryEntry => !!e && typeof e === 'object' && typeof e.at === 'string' && typeof e.from === 'string' && typeof e.to === 'string' && typeof e.advisoryImportId === 'string',
  );
}

/** Public (listings are the catalog); revoked versions are left out. Null when the product has no listing. */
export async function listingGradeHistory({ productId }: { productId: string }): Promise<ListingGradeHistory | null> {
  const listing = await db().listing.findUnique({
    where: { productId },
    select: {
      id: true,
      grade: true,
      versions: { where: { revokedAt: null }, orderBy: { certifiedAt: 'desc' }, select: { id: true, digest: true, certifiedAt: true, grade: true, gradeHistory: true } },
    },
  });
  if (!listing) return null;
  return {
    listingId: listing.id,
    grade: listing.grade,
    versions: listing.versions.map((v) => {
      const changes = entries(v.gradeHistory);
      return { listingVersionId: v.id, digest: v.digest, certifiedAt: v.certifiedAt, certifiedGrade: changes[0]?.from ?? v.grade, grade: v.grade, changes };
    }),
  };
}
