import { formatPlatform } from '../image/manifest';
import type { CertificationReport, IndexReport } from '../report/build-report';

// JUnit XML for CI dashboards: one testsuite per platform, one testcase per check. A failed or
// errored required check is a <failure>, a skipped one <skipped>; warnings and waivers pass with a note.

// Characters XML 1.0 cannot carry at all, even escaped.
const INVALID_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function suite(report: CertificationReport): string {
  const name = `assay certify ${report.image.source} (${formatPlatform(report.image.platform)})`;
  let failures = 0;
  let skipped = 0;
  const cases = report.checks.map((c) => {
    const head = `    <testcase classname="${xmlEscape(`assay.${c.id.split('.')[0]}`)}" name="${xmlEscape(c.id)}">`;
    const evidence = c.evidence.map((e) => `- ${[e.path, e.layer !== undefined ? `layer ${e.layer}` : undefined, e.package].filter(Boolean).join(', ')}${e.path || e.package || e.layer !== undefined ? ': ' : ''}${e.detail}`);
    if (c.waiver) {
      return `${head}\n      <system-out>${xmlEscape(`${c.status}, waived by ${c.waiver.by} until ${c.waiver.expires}: ${c.waiver.reason}\n${c.message}`)}</system-out>\n    </testcase>`;
    }
    if (c.status === 'failed' || c.status === 'error') {
      failures++;
      const body = [c.message, ...evidence, `Remediation: ${c.remediation}`].join('\n');
      return `${head}\n      <failure message="${xmlEscape(c.message)}" type="${c.status}">${xmlEscape(body)}</failure>\n    </testcase>`;
    }
    if (c.status === 'skipped') {
      skipped++;
      return `${head}\n      <skipped message="${xmlEscape(c.message)}"/>\n    </testcase>`;
    }
    if (c.status === 'warning') {
      return `${head}\n      <system-out>${xmlEscape([`warning: ${c.message}`, ...evidence, `Remediation: ${c.remediation}`].join('\n'))}</system-out>\n    </testcase>`;
    }
    return `${head}</testcase>`;
  });
  const props = [
    ['verdict', report.verdict],
    ['digest', report.image.digest],
    ['grade', report.vulnerabilities?.grade ?? 'not evaluated'],
  ]
    .map(([k, v]) => `      <property name="${k}" value="${xmlEscape(v!)}"/>`)
    .join('\n');
  return `  <testsuite name="${xmlEscape(name)}" tests="${report.checks.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${report.evaluatedAt}">\n    <properties>\n${props}\n    </properties>\n${cases.join('\n')}\n  </testsuite>`;
}

export function formatJunit(report: CertificationReport | IndexReport): string {
  const reports = 'platforms' in report ? report.platforms : [report];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="assay certify">\n${reports.map(suite).join('\n')}\n</testsuites>\n`;
}
