import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { authorize } from '@/lib/auth/authorize';
import { orNotFound, requireSignedInOrNotFound } from '@/lib/server/organizations/settings-page';
import { getReview } from '@/lib/server/reviews/get-review';
import { listSubmissionWaivers } from '@/lib/server/waivers/list-waivers';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { Table, TBody, THead, Td, Th } from '@/components/ui/table';
import { StatusBadge } from '@/components/submissions/status-badge';
import { ReportView } from '@/components/report/report-view';
import { DecisionForm } from '@/components/review/decision-form';
import { DiffView } from '@/components/review/diff-view';
import { PublishButton } from '@/components/review/publish-button';
import { RevokeWaiverButton } from '@/components/review/revoke-waiver-button';
import { SubmissionComments } from '@/components/review/submission-comments';
import { WaiverForm } from '@/components/review/waiver-form';

export const metadata: Metadata = { title: 'Review' };
export const dynamic = 'force-dynamic';

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await requireSignedInOrNotFound();
  if (!authorize(actor, 'reviews.read')) notFound();
  const review = await orNotFound(() => getReview({ actor, id }));
  const waivers = await listSubmissionWaivers({ actor, submissionId: id });
  const s = review.submission;
  const failedChecks = review.checks.filter((c) => c.required && (c.status === 'failed' || c.status === 'error') && !c.waiver).map((c) => c.id);
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/review" className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          ← Review queue
        </Link>
      </p>
      <PageHeader
        title={`Review: ${s.product.name}`}
        description={
          <>
            {s.vendor.name} · <span className="font-mono text-xs">{s.reference}</span>
          </>
        }
        actions={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={s.status} />
            {review.verdict ? <Badge tone={review.verdict === 'certifiable' ? 'success' : 'danger'}>{review.verdict}</Badge> : null}
            {review.grade ? <Badge>grade {review.grade}</Badge> : null}
          </span>
        }
      />
      {review.ownOrganization ? (
        <Alert tone="warning" title="Your own organization">
          You are a member of {s.vendor.name}: another reviewer must decide on and waive for this submission.
        </Alert>
      ) : null}
      {review.justification ? (
        <Alert tone="info" title="The vendor asked for review">
          {review.justification}
        </Alert>
      ) : null}

      {s.status === 'awaiting-review' && review.canDecide ? (
        <Card>
          <CardHeader title="Decision" description="Approval publishes the image and issues its signed certification." />
          <DecisionForm submissionId={s.id} verdict={review.verdict} />
        </Card>
      ) : null}

      {s.status === 'approved' && review.canDecide ? (
        <Card>
          <CardHeader title="Approved, not yet published" description="Publishing failed when the submission was approved; try again." />
          <PublishButton submissionId={s.id} />
        </Card>
      ) : null}

      <Card>
        <CardHeader title="Changes since the previous certified version" />
        <DiffView diff={review.diff} />
      </Card>

      <ReportView
        checks={review.checks}
        findings={review.findings}
        report={review.report}
        packages={review.packages}
        imageName={s.reference.replace(/^docker:\/\//, '').replace(/[:@].*$/, '')}
      />

      <Card>
        <CardHeader title="Waivers and policy exceptions for this product" description="Waivers apply to every submission of the product until they expire or are revoked." />
        {waivers.length ? (
          <Table caption="Waivers">
            <THead>
              <tr>
                <Th>Target</Th>
                <Th>Kind</Th>
                <Th>Reason</Th>
                <Th>Expires</Th>
                <Th>State</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {waivers.map((w) => (
                <tr key={w.id}>
                  <Td>
                    <code className="text-xs">{w.target}</code>
                    <span className="block text-xs text-slate-600 dark:text-slate-400">{w.justification}</span>
                  </Td>
                  <Td>{w.kind}</Td>
                  <Td>{w.reason}</Td>
                  <Td>{day(w.expiresAt)}</Td>
                  <Td>
                    <Badge tone={w.state === 'active' ? 'success' : 'neutral'}>{w.state}</Badge>
                  </Td>
                  <Td>{w.state === 'active' && review.canWaive ? <RevokeWaiverButton waiverId={w.id} submissionId={s.id} target={w.target} /> : null}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">No waivers for this product.</p>
        )}
        {review.canWaive && !s.final ? (
          <div className="mt-6 border-t border-slate-200 pt-4 dark:border-slate-800">
            <h3 className="mb-3 font-medium">Grant a waiver</h3>
            <WaiverForm submissionId={s.id} failedChecks={failedChecks} checks={review.checks.map((c) => c.id)} findings={review.findings.filter((f) => !f.waiver).map((f) => f.key)} defaultExpiry={day(review.defaultWaiverExpiry)} />
          </div>
        ) : null}
      </Card>

      {review.reviews.length ? (
        <Card>
          <CardHeader title="Decisions" />
          <ul className="space-y-2 text-sm">
            {review.reviews.map((r) => (
              <li key={r.id}>
                <Badge>{r.decision}</Badge> by {r.by} on {day(r.at)} — {r.reason}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card>
        <SubmissionComments actor={actor} submissionId={s.id} returnPath={`/review/${s.id}`} />
      </Card>
    </div>
  );
}
