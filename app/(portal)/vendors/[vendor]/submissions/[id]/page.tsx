import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { orNotFound, requireSignedInPage } from '@/lib/server/organizations/settings-page';
import { getSubmissionWithHistory } from '@/lib/server/submissions/get-submission';
import { PageHeader } from '@/components/ui/page-header';
import { LiveSubmission, type LiveSubmissionData } from '@/components/submissions/live-submission';

export const metadata: Metadata = { title: 'Submission' };

export default async function SubmissionPage({ params }: { params: Promise<{ vendor: string; id: string }> }) {
  const { vendor, id } = await params;
  const { actor } = await requireSignedInPage(`/vendors/${vendor}/submissions/${id}`);
  const submission = await orNotFound(() => getSubmissionWithHistory({ actor, id }));
  if (submission.vendor.slug !== vendor.toLowerCase()) notFound();
  // Dates travel as ISO strings, the same shape the live updates fetch from the API.
  const initial = JSON.parse(JSON.stringify(submission)) as LiveSubmissionData;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/vendors/${submission.vendor.slug}/products/${submission.product.slug}`} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          ← {submission.product.name}
        </Link>
      </p>
      <PageHeader title={`Submission of ${submission.product.name}`} description={`${submission.vendor.name} · ${submission.source === 'archive' ? 'uploaded archive' : 'registry image'}`} />
      <LiveSubmission initial={initial} canAct={submission.canAct} />
    </div>
  );
}
