import type { SubmissionSource, SubmissionStatus as DbStatus } from '../../generated/prisma/client';
import { allowedTransitions, isTerminal, toPublicStatus } from './status-machine';

/** Live progress a worker stores on the submission (at most every ~500 ms). */
export interface SubmissionProgress {
  stage: 'queued' | 'opening' | 'resolving' | 'layers' | 'report' | 'done' | string;
  message?: string;
  layersRead?: number;
  layersTotal?: number;
  bytesRead?: number;
  bytesTotal?: number;
  /** While checks run: the current check and how many of how many are done. */
  check?: string;
  checksDone?: number;
  checksTotal?: number;
  attempt?: number;
  updatedAt?: string;
}

export const SUBMISSION_FIELDS = {
  id: true,
  organizationId: true,
  productId: true,
  source: true,
  reference: true,
  status: true,
  progress: true,
  attempt: true,
  digest: true,
  indexDigest: true,
  platform: true,
  error: true,
  reportKey: true,
  credentialsEncrypted: true,
  createdAt: true,
  updatedAt: true,
  startedAt: true,
  finishedAt: true,
  product: { select: { slug: true, name: true } },
  organization: { select: { slug: true, name: true } },
} as const;

interface Row {
  id: string;
  source: SubmissionSource;
  reference: string;
  status: DbStatus;
  progress: unknown;
  attempt: number;
  digest: string | null;
  indexDigest: string | null;
  platform: string | null;
  error: string | null;
  reportKey: string | null;
  credentialsEncrypted: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  product: { slug: string; name: string };
  organization: { slug: string; name: string };
}

/** A submission as the API and pages show it. Credentials are only ever reported as present or not. */
export function presentSubmission(s: Row) {
  const status = toPublicStatus(s.status);
  return {
    id: s.id,
    vendor: s.organization,
    product: s.product,
    source: s.source,
    reference: s.reference,
    status,
    final: isTerminal(status),
    next: allowedTransitions(status),
    progress: (s.progress as SubmissionProgress | null) ?? null,
    attempt: s.attempt,
    digest: s.digest,
    indexDigest: s.indexDigest,
    platform: s.platform,
    error: s.error,
    hasCredentials: s.credentialsEncrypted !== null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    links: {
      self: `/api/v1/submissions/${s.id}`,
      page: `/vendors/${s.organization.slug}/submissions/${s.id}`,
      report: s.reportKey ? `/api/v1/submissions/${s.id}/report` : null,
    },
  };
}

export type PresentedSubmission = ReturnType<typeof presentSubmission>;
