import { Card, CardHeader } from '@/components/ui/card';
import { CheckList } from './check-list';
import { FindingsTable } from './findings-table';
import { ImageFacts } from './image-facts';
import { PackageList } from './package-list';
import { RuntimeProfileTabs } from './runtime-profile';
import type { ImageFactsView, ReportCheckView, ReportFindingView, RuntimeProfileView } from './types';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);

/**
 * The full certification report of one submission: checks, findings, runtime profile, image and
 * layers, packages. Shared by the reviewer's page and the vendor's submission page.
 */
export function ReportView({
  checks,
  findings,
  report,
  packages,
  imageName,
}: {
  checks: ReportCheckView[];
  findings: ReportFindingView[];
  report: Json | null;
  packages: { name: string; version: string }[] | null;
  imageName: string;
}) {
  const image = obj(report?.image) as ImageFactsView | null;
  const profile = obj(report?.profile) as RuntimeProfileView | null;
  const policy = obj(report?.policy);
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Checks" description={policy ? `Judged by policy ${String(policy.name)} version ${String(policy.version)}` : undefined} />
        <CheckList checks={checks} />
      </Card>
      <Card>
        <CardHeader title="Vulnerability findings" />
        <FindingsTable findings={findings} />
      </Card>
      {profile ? (
        <Card>
          <CardHeader title="Runtime profile" description="Least-privilege settings derived from the image." />
          <RuntimeProfileTabs profile={profile} image={image?.digest ? `${imageName}@${image.digest}` : imageName} />
        </Card>
      ) : null}
      {image ? (
        <Card>
          <CardHeader title="Image and layers" />
          <ImageFacts image={image} />
        </Card>
      ) : null}
      <Card>
        <CardHeader title="Packages (SBOM)" />
        <PackageList packages={packages} />
      </Card>
    </div>
  );
}
