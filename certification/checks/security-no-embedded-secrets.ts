import { createHash } from 'node:crypto';
import { OS_RELEASE_PATHS } from '../os-release';
import { isPackageDatabasePath } from '../packages/detect';
import type { PackageFile } from '../packages/types';
import { scanForSecrets, type SecretRuleGroup } from './secret-rules';
import { capEvidence, outcome, type CheckDefinition, type CheckEvidence } from './types';

interface Params {
  rules?: Partial<Record<SecretRuleGroup, boolean>>;
  ignorePaths?: string[];
}

const NOT_SCANNED = new Set<string>([...OS_RELEASE_PATHS, '/etc/passwd', '/etc/group']);

// security.no-embedded-secrets: anything in any layer ships to every customer, deleted or not (the
// layer tarball still holds it); private keys and tokens found there must be treated as leaked.
export const securityNoEmbeddedSecrets: CheckDefinition<Params> = {
  id: 'security.no-embedded-secrets',
  title: 'No embedded secrets',
  description:
    'No layer holds private keys (PEM/OpenSSH), cloud access keys, registry/npm/PyPI/GitHub/GitLab tokens, .git-credentials or .env files with secret-looking values. A secret deleted in a later layer still counts: the earlier layer still contains it.',
  remediation:
    'Revoke the exposed credentials now, then rebuild without them: use build secrets (`RUN --mount=type=secret`) or multi-stage builds so secrets never enter a layer.',
  defaultRequired: true,
  run(ctx, params) {
    const enabled = (g: SecretRuleGroup) => params.rules?.[g] ?? true;
    const ignore = params.ignorePaths ?? [];
    // Files a distribution package shipped byte for byte (test keys in python's test suite…) are not the vendor's.
    const packaged = new Map<string, PackageFile>();
    for (const v of ctx.packageHistory) for (const p of v.installed?.packages ?? []) for (const f of p.files ?? []) if (f.digest) packaged.set(f.path, f);
    const fromPackage = (path: string, content: Buffer) => {
      const f = packaged.get(path);
      if (!f?.digest || !f.digestAlgo) return false;
      return createHash(f.digestAlgo).update(content).digest('hex') === f.digest;
    };

    const evidence: CheckEvidence[] = [];
    const seen = new Set<string>();
    let scanned = 0;
    for (const c of ctx.capturedPaths) {
      const key = `${c.layer}\u0000${c.path}`;
      if (seen.has(key) || NOT_SCANNED.has(c.path) || isPackageDatabasePath(c.path)) continue;
      if (ignore.some((p) => c.path === p || c.path.startsWith(`${p}/`))) continue;
      seen.add(key);
      const content = ctx.fs.contentHistory(c.path).find((v) => v.layer === c.layer)?.content;
      if (!content) continue;
      scanned++;
      if (fromPackage(c.path, content)) continue;
      const matches = scanForSecrets(c.path, content, enabled);
      if (matches.length === 0) continue;
      const later = ctx.fs.history(c.path).find((w) => w.layer > c.layer);
      const gone = later ? `; ${later.kind === 'delete' ? 'deleted' : 'overwritten'} in layer ${later.layer}, but layer ${c.layer} still holds it` : '';
      const rules = [...new Set(matches.map((m) => `${m.rule}${m.member ? ` in archive member ${m.member}` : ''}${m.line ? ` (line ${m.line})` : ''}`))];
      evidence.push({ path: c.path, layer: c.layer, detail: `${rules.join(', ')}${gone}` });
    }
    const note = ctx.secretScanTruncated ? ' (small-file scan stopped at its byte budget; named key and credential files were still read)' : '';
    if (evidence.length) return outcome.failed(`${evidence.length} file(s) in the image's layers hold secrets${note}`, capEvidence(evidence));
    return outcome.passed(`No secrets in ${scanned} scanned file versions${note}`);
  },
};
