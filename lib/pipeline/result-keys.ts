// Where one attempt's results live in storage. The SBOM keys sit beside the report key, so the
// submission row needs only reportKey.
export function resultKeys(submissionId: string, attempt: number) {
  const base = `reports/${submissionId}/attempt-${attempt}`;
  return { report: `${base}.json`, cyclonedx: `${base}.cyclonedx.json`, spdx: `${base}.spdx.json` };
}

export function sbomKey(reportKey: string, format: 'cyclonedx' | 'spdx'): string {
  return reportKey.replace(/\.json$/, `.${format}.json`);
}
