import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { certify, type CertifyOptions, type CertifyProgress } from '../certify';
import type { CertificationReport, IndexReport } from '../report/build-report';
import { humanSize } from './format';
import { parseAt, readAdvisories, readPolicyFile, readTrust, readWaiversFile } from './inputs';
import { IMAGE_OPTIONS, IMAGE_OPTIONS_HELP, imageOptions, UsageError } from './options';
import { formatJunit } from './report-junit';
import { formatIndexText, formatReportText } from './report-text';
import { fetchPlatformInputs, parseProduct, ServerClient } from './server';

export const CERTIFY_HELP = `Usage: assay certify <source> [options]

Certifies an image: signature, base OS and packages, security profile, hygiene and vulnerabilities,
judged by a policy. Prints the report; the exit code is the verdict.

Options:
  --policy FILE                 certification policy JSON (default: the shipped default policy)
  --key FILE                    vendor PEM public key for cosign signatures and Sigstore bundles (repeatable)
  --gpg-key FILE                vendor OpenPGP public key for GPG simple signatures (repeatable)
  --lookaside URL|DIR           lookaside signature store (file://DIR, DIR or http(s)://…; repeatable)
  --identity REPOSITORY         repository the image is known as, e.g. registry.example.com/acme/app
                                (default for docker:// the reference's repository; archives need it)
  --advisories DIR|ZIP|INDEX    OSV advisories: a folder, a zip, or a saved index (.json.gz)
  --waivers FILE                waivers JSON ([{check|finding, reason, justification, expires, by}])
  --at DATE                     evaluate dates (EOL, grade, grace, waivers) as of this day
  --all-platforms               certify every platform of a multi-arch index (not with --platform)
  --server URL --product VENDOR/PRODUCT
                                judge as the platform does: its current policy, the vendor's keys and
                                signature stores, the product's repository, its advisory database
                                (token from $ASSAY_TOKEN or --token; not with --policy/--key/--gpg-key)
  --format json|text|junit      output format (default text)
  --output FILE                 write the report to FILE instead of standard output
${IMAGE_OPTIONS_HELP}

Exit codes: 0 certifiable, 1 not certifiable, 2 bad input or unreadable image.
`;

const OPTIONS = {
  ...IMAGE_OPTIONS,
  policy: { type: 'string' },
  key: { type: 'string', multiple: true },
  'gpg-key': { type: 'string', multiple: true },
  lookaside: { type: 'string', multiple: true },
  identity: { type: 'string' },
  advisories: { type: 'string' },
  waivers: { type: 'string' },
  at: { type: 'string' },
  'all-platforms': { type: 'boolean' },
  format: { type: 'string', default: 'text' },
  output: { type: 'string' },
  server: { type: 'string' },
  product: { type: 'string' },
  token: { type: 'string' },
} as const;

const FORMATS = ['json', 'text', 'junit'] as const;
type Format = (typeof FORMATS)[number];

/** Colour and progress are for people at a terminal; NO_COLOR (no-color.org) turns colour off. */
export function wantsColour(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

function progressPrinter(): ((p: CertifyProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = '';
  return (p) => {
    const where = p.platform ? ` ${p.platform}` : '';
    const detail =
      p.stage === 'reading-layers' && p.bytesTotal
        ? ` ${p.layersRead}/${p.layersTotal} layers, ${humanSize(p.bytesRead ?? 0)} of ${humanSize(p.bytesTotal)}`
        : '';
    const line = `assay:${where} ${p.stage}${detail}`;
    if (line === last) return;
    last = line;
    process.stderr.write(`\r\x1b[2K${line}`);
    if (p.stage === 'report') process.stderr.write('\r\x1b[2K');
  };
}

export function renderReport(report: CertificationReport | IndexReport, format: Format, colour: boolean): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'junit') return formatJunit(report);
  return 'platforms' in report ? formatIndexText(report, { colour }) : formatReportText(report, { colour });
}

export async function runCertify(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (values.help) {
    out(CERTIFY_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`certify: expected one <source>, got ${positionals.length} (see assay certify --help)`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format: expected json, text or junit, got "${values.format}"`);
  if (values['all-platforms'] && values.platform) throw new UsageError('certify: expected --platform or --all-platforms, got both');

  const image = imageOptions(values);
  const trust = await readTrust(values.key ?? [], values['gpg-key'] ?? []);
  const platform = await platformInputs(values);
  const opts: CertifyOptions = {
    source: positionals[0]!,
    trust,
    ...(values.policy ? { policy: await readPolicyFile(values.policy) } : {}),
    ...(values.lookaside?.length ? { lookaside: values.lookaside } : {}),
    ...(values.identity ? { identity: values.identity } : {}),
    ...(values.advisories ? { advisories: await readAdvisories(values.advisories) } : {}),
    ...(values.waivers ? { waivers: await readWaiversFile(values.waivers) } : {}),
    ...(values.at ? { at: parseAt(values.at) } : {}),
    ...(image.platform ? { platform: image.platform } : {}),
    ...(image.registry ? { registry: image.registry } : {}),
  };
  if (platform) {
    Object.assign(opts, { policy: platform.policy, trust: platform.trust, identity: values.identity ?? platform.identity });
    if (platform.lookaside.length) opts.lookaside = [...platform.lookaside, ...(values.lookaside ?? [])];
    if (platform.advisories && !values.advisories) opts.advisories = platform.advisories;
  }
  const onProgress = progressPrinter();
  if (onProgress) opts.onProgress = onProgress;

  const report = values['all-platforms'] ? await certify({ ...opts, allPlatforms: true }) : await certify(opts);
  if (values.output) {
    await writeFile(values.output, renderReport(report, format, false));
  } else {
    out(renderReport(report, format, format === 'text' && wantsColour(process.stdout)));
  }
  return report.verdict === 'certifiable' ? 0 : 1;
}

/** `--server URL --product VENDOR/PRODUCT`: the platform's own inputs instead of local files. */
async function platformInputs(values: { server?: string; product?: string; token?: string; policy?: string; key?: string[]; 'gpg-key'?: string[] }) {
  if (!values.server && !values.product) return null;
  if (!values.server || !values.product) throw new UsageError('certify: expected --server and --product together, got only one');
  if (values.policy || values.key?.length || values['gpg-key']?.length) {
    throw new UsageError('certify: expected either --server/--product or local --policy/--key/--gpg-key, got both');
  }
  const client = new ServerClient({ server: values.server, token: values.token ?? process.env.ASSAY_TOKEN });
  return fetchPlatformInputs(client, parseProduct(values.product), (line) => process.stderr.write(`assay: ${line}\n`));
}
