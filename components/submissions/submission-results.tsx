import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import type { SubmissionResults as Results } from '@/lib/server/submissions/get-submission-results';

type Check = Results['checks'][number];

const STATUS_TONE: Record<string, 'success' | 'warning' | 'danger' | 'neutral'> = { passed: 'success', warning: 'warning', failed: 'danger', error: 'danger', skipped: 'danger' };
const SEVERITY_TONE: Record<string, 'danger' | 'warning' | 'neutral'> = { critical: 'danger', high: 'danger', medium: 'warning', low: 'neutral', unknown: 'neutral' };
const LINK = 'text-sm font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100';

function CheckItem({ check }: { check: Check }) {
  return (
    <li className="space-y-2 py-4 first:pt-0 last:pb-0">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={check.waiverId ? 'neutral' : (STATUS_TONE[check.status] ?? 'neutral')}>{check.waiverId ? `waived (${check.status})` : check.status}</Badge>
        <h4 className="font-medium">{check.title}</h4>
        <code className="text-xs text-slate-600 dark:text-slate-400">{check.checkId}</code>
        {check.required ? null : <span className="text-xs text-slate-600 dark:text-slate-400">warning only</span>}
      </div>
      <p className="text-sm text-slate-800 dark:text-slate-200">{check.message}</p>
      {check.evidence.length ? (
        <ul className="list-disc space-y-0.5 pl-5 text-xs text-slate-700 dark:text-slate-300">
          {check.evidence.slice(0, 20).map((e, i) => (
            <li key={i}>
              {e.path ? <code className="mr-1">{e.path}</code> : null}
              {e.layer !== undefined ? <span className="mr-1">(layer {e.layer})</span> : null}
              {e.package ? <span className="mr-1">[{e.package}]</span> : null}
              {e.detail}
            </li>
          ))}
          {check.evidence.length > 20 ? <li>…and {check.evidence.length - 20} more in the report</li> : null}
        </ul>
      ) : null}
      {check.status !== 'passed' && check.remediation ? (
        <p className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/60">
          <span className="font-medium">How to fix: </span>
          {check.remediation}
        </p>
      ) : null}
      {check.waiver ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Waived ({check.waiver.reason.replace(/_/g, ' ')}) until {check.waiver.expiresAt.toISOString().slice(0, 10)}: {check.waiver.justification}
        </p>
      ) : null}
    </li>
  );
}

// The engine's results for one submission: verdict and grade, problems first with their remediation,
// the rest folded away, findings, and the downloads.
export function SubmissionResults({ results }: { results: Results }) {
  const problems = results.checks.filter((c) => c.status !== 'passed');
  const passed = results.checks.filter((c) => c.status === 'passed');
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Certification result"
          description={results.policy ? `Judged by policy ${results.policy.name} version ${results.policy.version}.` : undefined}
        />
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Verdict</dt>
            <dd>{results.verdict ? <Badge tone={results.verdict === 'certifiable' ? 'success' : 'danger'}>{results.verdict}</Badge> : '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Grade</dt>
            <dd className="text-lg font-semibold">{results.grade ?? '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Base OS</dt>
            <dd>{results.baseOs ?? '—'}</dd>
          </div>
        </dl>
        {results.downloads ? (
          <div className="mt-4 flex flex-wrap gap-4">
            <a href={results.downloads.report} className={LINK}>Report (JSON)</a>
            <a href={results.downloads.cyclonedx} className={LINK}>SBOM (CycloneDX)</a>
            <a href={results.downloads.spdx} className={LINK}>SBOM (SPDX)</a>
          </div>
        ) : null}
        {results.justification ? (
          <p className="mt-4 text-sm">
            <span className="font-medium">Your justification: </span>
            {results.justification}
          </p>
        ) : null}
      </Card>
      <Card>
        <CardHeader title="Checks" description={`${problems.length} of ${results.checks.length} need attention.`} />
        {problems.length ? (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {problems.map((c) => (
              <CheckItem key={c.id} check={c} />
            ))}
          </ul>
        ) : (
          <p className="text-sm">Every check passed.</p>
        )}
        {passed.length ? (
          <details className="mt-4">
            <summary className="cursor-pointer text-sm font-medium">Passed checks ({passed.length})</summary>
            <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800">
              {passed.map((c) => (
                <CheckItem key={c.id} check={c} />
              ))}
            </ul>
          </details>
        ) : null}
      </Card>
      <Card>
        <CardHeader title="Vulnerability findings" />
        {results.findings.length === 0 ? (
          <EmptyState title="No findings">No advisory in the current database matches the installed packages.</EmptyState>
        ) : (
          <Table caption="Findings, most severe first">
            <THead>
              <tr>
                <Th>Advisory</Th>
                <Th>Package</Th>
                <Th>Installed</Th>
                <Th>Fixed in</Th>
                <Th>Severity</Th>
              </tr>
            </THead>
            <TBody>
              {results.findings.map((f) => (
                <tr key={f.id}>
                  <Td>
                    <span className="font-mono text-xs">{f.advisoryId}</span>
                    {f.aliases.length ? <span className="block text-xs text-slate-600 dark:text-slate-400">{f.aliases.slice(0, 3).join(', ')}</span> : null}
                  </Td>
                  <Td>{f.packageName}</Td>
                  <Td className="font-mono text-xs">{f.installedVersion}</Td>
                  <Td className="font-mono text-xs">{f.fixedVersion ?? 'no fix yet'}</Td>
                  <Td>
                    <Badge tone={f.waiverId ? 'neutral' : (SEVERITY_TONE[f.severity] ?? 'neutral')}>{f.waiverId ? `${f.severity}, waived` : f.severity}</Badge>
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
