'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { cancelSubmissionAction } from '@/lib/actions/cancel-submission';
import { withdrawSubmissionAction } from '@/lib/actions/withdraw-submission';
import type { SubmissionStatus } from '@/lib/server/submissions/status-machine';
import type { SubmissionProgress } from '@/lib/server/submissions/present-submission';
import { Alert } from '@/components/ui/alert';
import { Card, CardHeader } from '@/components/ui/card';
import { InlineActionForm } from '@/components/vendors/inline-action-form';
import { ProgressBar, formatBytes } from './progress-bar';
import { StatusBadge } from './status-badge';

export interface LiveSubmissionData {
  id: string;
  status: SubmissionStatus;
  final: boolean;
  next: SubmissionStatus[];
  progress: SubmissionProgress | null;
  attempt: number;
  digest: string | null;
  platform: string | null;
  error: string | null;
  reference: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  links: { report: string | null };
  history: { id: string; from: SubmissionStatus | null; to: SubmissionStatus; reason: string | null; at: string; by: string }[];
}

const POLL_MS = 1000;
const STAGES: Record<string, string> = {
  queued: 'Waiting for a worker',
  opening: 'Starting',
  resolving: 'Resolving the image',
  layers: 'Reading layers',
  signatures: 'Verifying signatures',
  'reading-layers': 'Reading layers',
  packages: 'Reading the package database',
  vulnerabilities: 'Matching advisories',
  checks: 'Running the checks',
  report: 'Writing the report',
  sbom: 'Writing the SBOMs',
  done: 'Certification finished',
};

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

// Polls the submission's JSON once a second while it can still change, and shows status, a real
// progress bar (layers and bytes read), the error, the status history and the vendor's actions.
export function LiveSubmission({ initial, canAct }: { initial: LiveSubmissionData; canAct: boolean }) {
  const router = useRouter();
  const [s, setS] = useState(initial);
  const [stale, setStale] = useState(false);
  // After an action (cancel, withdraw) the server sends fresh data: take it over.
  const [seen, setSeen] = useState(initial);
  if (seen !== initial) {
    setSeen(initial);
    setS(initial);
  }
  const moving = s.status === 'queued' || s.status === 'certifying';

  useEffect(() => {
    if (!moving) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const res = await fetch(`/api/v1/submissions/${s.id}`, { cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const next = (await res.json()) as LiveSubmissionData;
        if (!stopped) {
          setS(next);
          setStale(false);
          // The results (checks, findings, downloads) are rendered on the server: fetch them once it ends.
          if (next.status !== 'queued' && next.status !== 'certifying') router.refresh();
        }
      } catch {
        if (!stopped) setStale(true);
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [moving, s.id, router]);


  const p = s.progress;
  const layerDetail = p?.layersTotal ? `${p.layersRead ?? 0} of ${p.layersTotal} layers · ${formatBytes(p.bytesRead)} of ${formatBytes(p.bytesTotal)}` : undefined;
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title={
            <span className="flex items-center gap-2">
              Status <StatusBadge status={s.status} />
            </span>
          }
          description={<span className="break-all font-mono text-xs">{s.reference}</span>}
        />
        <div aria-live="polite" className="space-y-4">
          {moving ? (
            <ProgressBar
              value={p?.stage === 'reading-layers' ? (p.bytesRead ?? 0) : p?.stage === 'checks' ? (p.checksDone ?? 0) : 0}
              max={p?.stage === 'reading-layers' ? (p.bytesTotal ?? null) : p?.stage === 'checks' ? (p.checksTotal ?? null) : null}
              label={STAGES[p?.stage ?? 'queued'] ?? p?.stage ?? 'Working'}
              detail={layerDetail ?? p?.message}
            />
          ) : null}
          {stale ? <p className="text-sm text-amber-800 dark:text-amber-300">Live updates paused: the server did not answer. Retrying…</p> : null}
          {s.status === 'error' && s.error ? <Alert tone="error" title="Certification stopped with an error">{s.error}</Alert> : null}
          {s.status === 'awaiting-review' ? <Alert tone="success" title="Waiting for review">A reviewer will look at it next.</Alert> : null}
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-600 dark:text-slate-400">Digest</dt>
              <dd className="break-all font-mono text-xs">{s.digest ?? '—'}</dd>
            </div>
            <div>
              <dt className="text-slate-600 dark:text-slate-400">Platform</dt>
              <dd>{s.platform ?? 'linux/amd64'}</dd>
            </div>
            <div>
              <dt className="text-slate-600 dark:text-slate-400">Submitted</dt>
              <dd>{time(s.createdAt)}</dd>
            </div>
            <div>
              <dt className="text-slate-600 dark:text-slate-400">Finished</dt>
              <dd>{time(s.finishedAt)}</dd>
            </div>
            {s.attempt > 1 ? (
              <div>
                <dt className="text-slate-600 dark:text-slate-400">Attempt</dt>
                <dd>{s.attempt}</dd>
              </div>
            ) : null}
          </dl>
          <div className="flex flex-wrap items-center gap-3">
            {s.links.report ? (
              <a href={s.links.report} className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                Download the report (JSON)
              </a>
            ) : null}
            {canAct && s.next.includes('cancelled') ? (
              <InlineActionForm action={cancelSubmissionAction} fields={{ id: s.id }} label="Cancel submission" confirm="Cancel this submission? A running certification is stopped." />
            ) : null}
            {canAct && s.next.includes('withdrawn') ? (
              <InlineActionForm action={withdrawSubmissionAction} fields={{ id: s.id }} label="Withdraw submission" confirm="Withdraw this submission from review?" />
            ) : null}
          </div>
        </div>
      </Card>
      <Card>
        <CardHeader title="Status history" />
        <ol className="space-y-3 border-l border-slate-200 pl-4 dark:border-slate-800">
          {s.history.map((e) => (
            <li key={e.id} className="text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge status={e.to} />
                <span className="text-slate-600 dark:text-slate-400">
                  {time(e.at)} · {e.by}
                </span>
              </div>
              {e.reason ? <p className="mt-1 text-slate-700 dark:text-slate-300">{e.reason}</p> : null}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
