import type { CheckResult } from '../checks/index';
import { formatPlatform } from '../image/manifest';
import type { CertificationReport, IndexReport } from '../report/build-report';
import { printable } from './format';

// The report for people: verdict, the checks as a table (problems first), each problem with its
// remediation, then signatures, vulnerabilities and the grade. Colour only when asked (a terminal).

export interface TextOptions {
  colour: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;

function painter(colour: boolean) {
  return (style: Style, text: string) => (colour ? `\x1b[${CODES[style]}m${text}\x1b[0m` : text);
}

/** Blocking problems first, then warnings and non-required oddities, then passes; report order within each. */
function rank(c: CheckResult): number {
  if (c.waiver) return 2;
  if (c.status === 'failed' || c.status === 'error') return 0;
  if (c.status === 'skipped') return c.required ? 0 : 3;
  if (c.status === 'warning') return 1;
  return 3;
}

const STATUS_STYLE: Record<CheckResult['status'], Style> = { passed: 'green', failed: 'red', error: 'red', skipped: 'yellow', warning: 'yellow' };

function shorten(text: string, max: number): string {
  const one = printable(text.replace(/\s+/g, ' '));
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function formatReportText(report: CertificationReport, opts: TextOptions): string {
  const paint = painter(opts.colour);
  const lines: string[] = [];
  const ok = report.verdict === 'certifiable';
  lines.push(`${paint('bold', 'Verdict:')}  ${paint(ok ? 'green' : 'red', report.verdict.toUpperCase())}`);
  lines.push(`Image:    ${printable(report.image.source)}`);
  lines.push(`Digest:   ${report.image.digest} (${formatPlatform(report.image.platform)})`);
  lines.push(`Identity: ${report.image.identity ? printable(report.image.identity) : '(none: pass --identity for an archive)'}`);
  const os = report.baseOs;
  lines.push(`Base OS:  ${os.name ? printable(os.name) : os.id ?? '(none found)'}${os.packageManager ? `, ${os.packageCount} ${os.packageManager} packages` : ''}`);
  lines.push(`Policy:   ${printable(report.policy.name)} ${printable(report.policy.version)}; evaluated at ${report.evaluatedAt}`);
  lines.push('');

  const checks = [...report.checks].sort((a, b) => rank(a) - rank(b));
  const idWidth = Math.max(...checks.map((c) => c.id.length));
  lines.push(paint('bold', `${'STATUS'.padEnd(8)}  ${'CHECK'.padEnd(idWidth)}  REQ  MESSAGE`));
  for (const c of checks) {
    const status = (c.waiver ? 'waived' : c.status).padEnd(8);
    lines.push(`${paint(c.waiver ? 'dim' : STATUS_STYLE[c.status], status)}  ${c.id.padEnd(idWidth)}  ${c.required ? 'yes' : 'no '}  ${shorten(c.message, 100)}`);
  }

  const problems = checks.filter((c) => c.status !== 'passed');
  if (problems.length) {
    lines.push('');
    lines.push(paint('bold', 'Problems and how to fix them:'));
    for (const c of problems) {
      lines.push(`${paint(STATUS_STYLE[c.status], `● ${c.id}`)} (${c.waiver ? 'waived' : c.status}${c.required ? ', required' : ', warning only'})`);
      lines.push(`  ${printable(c.message)}`);
      for (const e of c.evidence.slice(0, 10)) {
        const where = [e.path ? printable(e.path) : '', e.layer !== undefined ? `layer ${e.layer}` : '', e.package ? `package ${printable(e.package)}` : ''].filter(Boolean).join(', ');
        lines.push(`    - ${where ? `${where}: ` : ''}${shorten(e.detail, 160)}`);
      }
      if (c.evidence.length > 10) lines.push(`    - …and ${c.evidence.length - 10} more (see --format json)`);
      if (c.waiver) lines.push(`  Waived by ${printable(c.waiver.by)} until ${c.waiver.expires}: ${printable(c.waiver.reason)}`);
      lines.push(`  Fix: ${printable(c.remediation)}`);
    }
  }

  lines.push('');
  const verified = report.signatures.filter((s) => s.verified);
  lines.push(`${paint('bold', 'Signatures:')} ${report.signatures.length} found, ${verified.length} verified`);
  for (const s of report.signatures.slice(0, 20)) {
    const key = s.keyId ? ` key ${s.keyId.slice(0, 40)}` : '';
    lines.push(`  ${s.verified ? paint('green', 'verified') : paint('red', 'rejected')}  ${s.kind}${key}${s.reference ? ` for ${printable(s.reference)}` : ''}${s.reason ? `: ${shorten(s.reason, 140)}` : ''}`);
  }

  const v = report.vulnerabilities;
  if (v) {
    const c = v.counts;
    const style: Style = v.grade === 'A' ? 'green' : v.grade <= 'C' ? 'yellow' : 'red';
    lines.push(`${paint('bold', 'Vulnerabilities:')} grade ${paint(style, v.grade)}; ${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low, ${c.unknown} unknown`);
    for (const f of v.findings.slice(0, 20)) {
      lines.push(`  ${f.severity.padEnd(8)} ${printable(f.id)} ${printable(f.package)} ${printable(f.installed)} → ${f.fixed ? printable(f.fixed) : '(no fix)'}${f.waiver ? ' (waived)' : ''}`);
    }
    if (v.findings.length > 20) lines.push(`  …and ${v.findings.length - 20} more (see --format json)`);
  } else {
    lines.push(`${paint('bold', 'Vulnerabilities:')} not evaluated (pass --advisories)`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatIndexText(report: IndexReport, opts: TextOptions): string {
  const paint = painter(opts.colour);
  const parts = report.platforms.map((p) => `${paint('bold', `== ${formatPlatform(p.image.platform)} ==`)}\n${formatReportText(p, opts)}`);
  const ok = report.verdict === 'certifiable';
  const summary = report.platforms.map((p) => `  ${formatPlatform(p.image.platform).padEnd(20)} ${p.verdict}`).join('\n');
  return `${parts.join('\n')}\n${paint('bold', 'Index:')} ${report.index}\n${summary}\n${paint('bold', 'Verdict (all platforms):')} ${paint(ok ? 'green' : 'red', report.verdict.toUpperCase())}\n`;
}
