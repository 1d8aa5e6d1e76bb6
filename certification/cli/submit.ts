import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { certify } from '../certify';
import type { CertificationReport } from '../report/build-report';
import { humanSize } from './format';
import { IMAGE_OPTIONS, IMAGE_OPTIONS_HELP, imageOptions, UsageError } from './options';
import { formatReportText } from './report-text';
import { fetchPlatformInputs, parseProduct, ServerClient } from './server';

export const SUBMIT_HELP = `Usage: assay submit <source> --server URL --product VENDOR/PRODUCT [options]

Certifies the image locally with the platform's policy, the vendor's registered keys and the
platform's advisory database, then submits it when it is certifiable. docker:// references are
submitted by reference (the platform pulls them); oci-archive:FILE and docker-archive:FILE are
uploaded, streamed.

Options:
  --server URL                  the Assay platform, e.g. https://assay.example.com
  --product VENDOR/PRODUCT      the product to submit to
  --token TOKEN                 API token (default: $ASSAY_TOKEN); needs submissions and signing-keys read
  --force                       submit even when the local verdict is not certifiable
  --wait                        follow the submission until the platform's checks end, progress on stderr
  --poll-seconds N              how often --wait asks (default 2)
  --timeout-seconds N           give up waiting after N seconds (default 3600)
  --quiet                       print only the submission id
${IMAGE_OPTIONS_HELP}

Exit codes: 0 submitted (with --wait: the platform's checks passed — awaiting review, approved or
published), 1 not certifiable locally, or with --wait checks-failed, rejected, changes requested,
cancelled or withdrawn; 2 bad input, a server error, or a platform error.
`;

const OPTIONS = {
  ...IMAGE_OPTIONS,
  server: { type: 'string' },
  product: { type: 'string' },
  token: { type: 'string' },
  force: { type: 'boolean' },
  wait: { type: 'boolean' },
  'poll-seconds': { type: 'string', default: '2' },
  'timeout-seconds': { type: 'string', default: '3600' },
  quiet: { type: 'boolean' },
} as const;

interface Submission {
  id: string;
  status: string;
  final: boolean;
  error: string | null;
  digest: string | null;
  progress: { stage?: string; message?: string; layersRead?: number; layersTotal?: number; bytesRead?: number; bytesTotal?: number } | null;
  links: { self: string; page: string; report: string | null };
}

// With --wait: which statuses end the wait, and the exit code each means.
const WAIT_OUTCOME: Record<string, 0 | 1 | 2> = {
  'awaiting-review': 0,
  approved: 0,
  published: 0,
  'checks-failed': 1,
  'changes-requested': 1,
  rejected: 1,
  cancelled: 1,
  withdrawn: 1,
  revoked: 1,
  expired: 1,
  error: 2,
};

function positiveNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: expected a positive number, got "${value}"`);
  return n;
}

function failingChecks(report: CertificationReport): string[] {
  return report.checks.filter((c) => c.required && c.status !== 'passed' && !c.waiver).map((c) => c.id);
}

export async function runSubmit(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (values.help) {
    out(SUBMIT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`submit: expected one <source>, got ${positionals.length} (see assay submit --help)`);
  const source = positionals[0]!;
  const slugs = parseProduct(values.product);
  const token = values.token ?? process.env.ASSAY_TOKEN;
  if (!token) throw new UsageError('submit: expected an API token in ASSAY_TOKEN or --token, got none');
  const pollMs = positiveNumber(values['poll-seconds'], '--poll-seconds') * 1000;
  const timeoutMs = positiveNumber(values['timeout-seconds'], '--timeout-seconds') * 1000;
  const archive = /^(oci-archive|docker-archive):(.+)$/.exec(source);
  if (!source.startsWith('docker://') && !archive) {
    throw new UsageError(`submit: expected docker://REFERENCE, oci-archive:FILE or docker-archive:FILE, got "${source}" (the platform cannot read a local layout; save it as an archive)`);
  }
  const note = (line: string) => process.stderr.write(`assay: ${line}\n`);
  const client = new ServerClient({ server: values.server ?? '', token });
  const image = imageOptions(values);

  const inputs = await fetchPlatformInputs(client, slugs, note);
  note(`certifying locally with the platform's policy ${inputs.policyLabel} and ${inputs.trust.publicKeys.length + inputs.trust.openpgpKeys.length} vendor key(s)`);
  const report = await certify({
    source,
    policy: inputs.policy,
    trust: inputs.trust,
    identity: inputs.identity,
    ...(inputs.lookaside.length ? { lookaside: inputs.lookaside } : {}),
    ...(inputs.advisories ? { advisories: inputs.advisories } : {}),
    ...(image.platform ? { platform: image.platform } : {}),
    ...(image.registry ? { registry: image.registry } : {}),
  });
  if (!values.quiet) out(formatReportText(report, { colour: false }));
  if (report.verdict !== 'certifiable') {
    const failing = failingChecks(report);
    if (!values.force) {
      note(`not certifiable locally (${failing.join(', ') || report.verdict}): not submitted; fix the image or use --force to submit anyway`);
      return 1;
    }
    note(`not certifiable locally (${failing.join(', ') || report.verdict}); submitting anyway (--force)`);
  }

  const route = `/api/v1/vendors/${encodeURIComponent(slugs.vendor)}/products/${encodeURIComponent(slugs.product)}/submissions`;
  let submission: Submission;
  if (archive) {
    const [, format, file] = archive as unknown as [string, string, string];
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a regular file');
      size = info.size;
    } catch (e) {
      throw new UsageError(`${source}: expected a readable archive file, got ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const query = new URLSearchParams({ format, filename: path.basename(file), ...(image.platform ? { platform: String(image.platform) } : {}) });
    note(`uploading ${path.basename(file)} (${humanSize(size)})`);
    submission = await client.json<Submission>(`${route}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-tar', 'content-length': String(size) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
  } else {
    submission = await client.json<Submission>(route, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference: source, ...(image.platform ? { platform: String(image.platform) } : {}) }),
    });
  }
  out(values.quiet ? `${submission.id}\n` : `Submitted ${submission.id} (${submission.status}): ${client.url(submission.links.page)}\n`);
  if (!values.wait) return 0;
  return waitForSubmission(client, submission.id, { pollMs, timeoutMs, note, out: values.quiet ? () => undefined : out });
}

function describeProgress(s: Submission): string {
  const p = s.progress;
  if (!p) return s.status;
  const layers = p.layersTotal ? ` ${p.layersRead ?? 0}/${p.layersTotal} layers` : '';
  const bytes = p.bytesTotal ? `, ${humanSize(p.bytesRead ?? 0)} of ${humanSize(p.bytesTotal)}` : '';
  return `${s.status}: ${p.message ?? p.stage ?? ''}${layers}${bytes}`.trim();
}

export async function waitForSubmission(
  client: ServerClient,
  id: string,
  opts: { pollMs: number; timeoutMs: number; note: (line: string) => void; out: (s: string) => void },
): Promise<number> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = '';
  for (;;) {
    const s = await client.json<Submission>(`/api/v1/submissions/${encodeURIComponent(id)}`);
    const line = describeProgress(s);
    if (line !== last) {
      opts.note(line);
      last = line;
    }
    const outcome = WAIT_OUTCOME[s.status];
    if (outcome !== undefined) {
      opts.out(`${s.status}${s.digest ? ` ${s.digest}` : ''}${s.error ? `: ${s.error}` : ''}\n`);
      return outcome;
    }
    if (Date.now() > deadline) {
      opts.note(`gave up waiting after ${Math.round(opts.timeoutMs / 1000)} s; the submission is still ${s.status}`);
      return 2;
    }
    await new Promise((r) => setTimeout(r, opts.pollMs));
  }
}
