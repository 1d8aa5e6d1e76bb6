import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { orNotFound, requireSignedInOrNotFound } from '@/lib/server/organizations/settings-page';
import { getSubmissionWithHistory } from '@/lib/server/submissions/get-submission';
import { PageHeader } from '@/components/ui/page-header';
import { LiveSubmission, type LiveSubmissionData } from '@/components/submissions/live-submission';
import { SubmissionResults } from '@/components/submissions/submission-results';
import { RequestReviewForm } from '@/components/submissions/request-review-form';
import { Card, CardHeader } from '@/components/ui/card';
import { buttonClasses } from '@/components/ui/button';
import { getSubmissionResults } from '@/lib/server/submissions/get-submission-results';
import { SubmissionComments } from '@/components/review/submission-comments';

export const metadata: Metadata = { title: 'Submission' };

export default async function SubmissionPage({ params }: { params: Promise<{ vendor: string; id: string }> }) {
  const { vendor, id } = await params;
  const { actor } = await requireSignedInOrNotFound();
  const submission = await orNotFound(() => getSubmissionWithHistory({ actor, id }));
  if (submission.vendor.slug !== vendor.toLowerCase()) notFound();
  // Dates travel as ISO strings, the same shape the live updates fetch from the API.
  const initial = JSON.parse(JSON.stringify(submission)) as LiveSubmissionData;
  const results = submission.links.report ? await getSubmissionResults({ actor, id }) : null;
  const productPage = `/vendors/${submission.vendor.slug}/products/${submission.product.slug}`;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/vendors/${submission.vendor.slug}/products/${submission.product.slug}`} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          ← {submission.product.name}
        </Link>
      </p>
      <PageHeader title={`Submission of ${submission.product.name}`} description={`${submission.vendor.name} · ${submission.source === 'archive' ? 'uploaded archive' : 'registry image'}`} />
      <LiveSubmission initial={initial} canAct={submission.canAct} />
      {results ? <SubmissionResults results={results} /> : null}
      {submission.status === 'checks-failed' && submission.canAct ? (
        <Card>
          <CardHeader
            title="What next?"
            description="Fix the image and submit it again, or ask a reviewer to look anyway — for a waiver or a policy exception."
            actions={
              <Link href={productPage} className={buttonClasses('secondary')}>
                Submit a fixed image
              </Link>
            }
          />
          <RequestReviewForm id={submission.id} />
        </Card>
      ) : null}
      <Card>
        <SubmissionComments actor={actor} submissionId={submission.id} returnPath={`/vendors/${submission.vendor.slug}/submissions/${submission.id}`} />
      </Card>
    </div>
  );
}
