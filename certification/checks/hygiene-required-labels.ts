import { outcome, type CheckDefinition, type CheckEvidence } from './types';

interface Params {
  labels?: string[];
}

export const DEFAULT_REQUIRED_LABELS = ['name', 'vendor', 'version', 'release', 'summary', 'description', 'maintainer'];

// hygiene.required-labels: the catalog and customers identify an image by its labels; an unnamed,
// unversioned image cannot be listed or traced to a vendor.
export const hygieneRequiredLabels: CheckDefinition<Params> = {
  id: 'hygiene.required-labels',
  title: 'Required labels',
  description: 'The labels name, vendor, version, release, summary, description and maintainer (plus any the policy adds) are present and not blank.',
  remediation: 'Add the missing labels in the Containerfile, e.g. `LABEL name="acme/app" vendor="Acme" version="1.2" release="3" …`.',
  defaultRequired: true,
  run(ctx, params) {
    const wanted = params.labels ?? DEFAULT_REQUIRED_LABELS;
    const labels = ctx.image.config.labels;
    const evidence: CheckEvidence[] = [];
    for (const name of wanted) {
      const value = labels[name];
      if (value === undefined) evidence.push({ detail: `label "${name}" is missing` });
      else if (value.trim() === '') evidence.push({ detail: `label "${name}" is blank` });
    }
    if (evidence.length) return outcome.failed(`${evidence.length} of ${wanted.length} required labels missing or blank`, evidence);
    return outcome.passed(`All ${wanted.length} required labels are set`);
  },
};
