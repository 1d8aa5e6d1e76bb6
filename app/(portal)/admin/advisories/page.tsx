import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Card, CardHeader } from '@/components/ui/card';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { AdvisoryUpload } from '@/components/advisories/advisory-upload';
import { requireAdminPage } from '@/lib/server/admin/admin-page';
import { ageInWords, listAdvisoryImports } from '@/lib/server/advisories/advisories';
import { recentAdvisoryActivity } from '@/lib/server/advisories/upload-advisories';
import { pipelineConfig } from '@/lib/pipeline/config';

export const metadata: Metadata = { title: 'Advisories · Admin' };

const STALE_DAYS = 7;

export default async function AdminAdvisoriesPage() {
  const { actor } = await requireAdminPage();
  const [imports, activity] = await Promise.all([listAdvisoryImports({ actor }), recentAdvisoryActivity({ actor })]);
  const latest = imports.find((i) => i.storageKey);
  const now = new Date();
  const stale = latest ? now.getTime() - latest.importedAt.getTime() > STALE_DAYS * 86_400_000 : true;
  const failures = activity.filter((a) => a.action === 'advisories.import-failed');
  return (
    <div className="space-y-6">
      <PageHeader title="Advisory databases" description="Findings and grades come from the newest import. Import from the command line with npm run advisories:import PATH, or upload a zip here." />
      {latest ? (
        <Alert tone={stale ? 'warning' : 'info'} title={`Last import ${ageInWords(latest.importedAt, now)}`}>
          {`${latest.source}: ${latest.recordCount} advisories in ${latest.ecosystems.length} ecosystems.`}
          {stale ? ` Older than ${STALE_DAYS} days: import a fresh database so new vulnerabilities are found.` : ''}
        </Alert>
      ) : (
        <Alert tone="warning" title="No advisory database">Until one is imported, the vulnerabilities check is skipped and blocks certification.</Alert>
      )}
      {failures.length ? (
        <Alert tone="error" title="Recent imports that failed">
          <ul className="list-disc pl-5">
            {failures.map((f) => {
              const after = (f.after ?? {}) as { filename?: string; message?: string };
              return <li key={String(f.id)}>{`${after.filename ?? 'upload'}: ${after.message ?? 'failed'} (${ageInWords(f.createdAt, now)})`}</li>;
            })}
          </ul>
        </Alert>
      ) : null}
      <Card>
        <CardHeader title="Upload" />
        <AdvisoryUpload maxBytes={pipelineConfig().ASSAY_MAX_ADVISORY_UPLOAD_BYTES} />
      </Card>
      <Card>
        <CardHeader title="Imports" />
        {imports.length === 0 ? (
          <EmptyState title="Nothing imported yet" />
        ) : (
          <Table caption="Advisory imports, newest first">
            <THead>
              <tr>
                <Th>Source</Th>
                <Th>Advisories</Th>
                <Th>Ecosystems</Th>
                <Th>Imported</Th>
                <Th>
                  <span className="sr-only">Current</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {imports.map((i) => (
                <tr key={i.id}>
                  <Td>{i.source}</Td>
                  <Td>{i.recordCount}</Td>
                  <Td className="max-w-xs">{i.ecosystems.slice(0, 6).join(', ')}{i.ecosystems.length > 6 ? ` and ${i.ecosystems.length - 6} more` : ''}</Td>
                  <Td>
                    <time dateTime={i.importedAt.toISOString()} title={i.importedAt.toISOString()}>{ageInWords(i.importedAt, now)}</time>
                  </Td>
                  <Td>{i.id === latest?.id ? <Badge tone="success">Current</Badge> : null}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
