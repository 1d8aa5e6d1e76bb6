import { gunzipSync } from 'node:zlib';
import { DEFAULT_LIMITS } from '../image/limits';
import { TarParser } from '../image/layers/tar';

// What counts as an embedded secret, by name and by content. A match reports the rule and where,
// never the matched text: reports are shown to vendors, reviewers and customers.

export type SecretRuleGroup = 'privateKeys' | 'cloudKeys' | 'tokens' | 'gitCredentials' | 'envFiles';

export interface SecretMatch {
  rule: string;
  group: SecretRuleGroup;
  /** Set when the secret sits inside an archive in the image: the member's name. */
  member?: string;
  line?: number;
}

interface ContentRule {
  rule: string;
  group: SecretRuleGroup;
  pattern: RegExp;
}

const CONTENT_RULES: ContentRule[] = [
  { rule: 'pem-private-key', group: 'privateKeys', pattern: /-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |ANY )?PRIVATE KEY-----/ },
  { rule: 'openssh-private-key', group: 'privateKeys', pattern: /-----BEGIN OPENSSH PRIVATE KEY-----/ },
  { rule: 'pgp-private-key', group: 'privateKeys', pattern: /-----BEGIN PGP PRIVATE KEY BLOCK-----/ },
  { rule: 'putty-private-key', group: 'privateKeys', pattern: /^PuTTY-User-Key-File-\d: /m },
  { rule: 'aws-access-key-id', group: 'cloudKeys', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)(?![A-Z2-7]{9}EXAMPLE)[A-Z2-7]{16}(?![A-Z0-9])/ },
  { rule: 'aws-secret-access-key', group: 'cloudKeys', pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i },
  { rule: 'gcp-service-account-key', group: 'cloudKeys', pattern: /"type"\s*:\s*"service_account"[\s\S]{0,4000}"private_key"\s*:\s*"-----BEGIN/ },
  { rule: 'github-token', group: 'tokens', pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/ },
  { rule: 'github-fine-grained-token', group: 'tokens', pattern: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}/ },
  { rule: 'gitlab-token', group: 'tokens', pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/ },
  { rule: 'npm-token', group: 'tokens', pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/ },
  { rule: 'npmrc-auth-token', group: 'tokens', pattern: /(?:^|\n)\s*(?:\/\/[^\n]*:)?_(?:authToken|auth|password)\s*=\s*(?!\$\{)[^\s#;]{8,}/ },
  { rule: 'pypi-token', group: 'tokens', pattern: /pypi-AgE[A-Za-z0-9_-]{50,}/ },
  { rule: 'pypirc-password', group: 'tokens', pattern: /\[(?:pypi|testpypi)\][^[]*\n\s*password\s*[=:]\s*\S{8,}/ },
  { rule: 'docker-hub-token', group: 'tokens', pattern: /dckr_pat_[A-Za-z0-9_-]{20,}/ },
  { rule: 'docker-config-auth', group: 'tokens', pattern: /"auths"\s*:\s*\{[\s\S]*?"(?:auth|identitytoken|registrytoken)"\s*:\s*"[A-Za-z0-9+/=_.-]{8,}"/ },
  { rule: 'slack-token', group: 'tokens', pattern: /xox[baprs]-[A-Za-z0-9-]{10,}/ },
];

const KEY_FILE_NAMES = /^(?:id_(?:rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk)|.*\.(?:pem|key|p8|ppk|pfx|p12|jks|keystore))$/i;
const TAR_NAMES = /\.(?:tar|tar\.gz|tgz)$/i;

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function isEnvFileName(name: string): boolean {
  return /^\.env(?:\.[A-Za-z0-9_-]+)*$/.test(name) || /\.env$/i.test(name);
}

/** Names worth reading whatever their size: key files, credential stores, dotenv files, archives. */
export function isSecretCandidateName(path: string): boolean {
  const name = basename(path);
  return (
    KEY_FILE_NAMES.test(name) ||
    TAR_NAMES.test(name) ||
    isEnvFileName(name) ||
    ['.git-credentials', '.npmrc', '.pypirc', '.netrc', '.dockercfg'].includes(name) ||
    (name === 'credentials' && path.includes('/.aws/')) ||
    (name === 'config.json' && path.includes('/.docker/'))
  );
}

const SECRET_KEY_NAME = /(?:secret|passw(?:or)?d|passwd|pwd|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential|auth)/i;
const PLACEHOLDER = /^(?:|changeme|change[_-]?me|xxx+|\*+|<[^>]*>|\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|none|null|false|true|example|dummy|placeholder|todo|your[_-].*)$/i;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// Every content rule (and the git URL rule) needs one of these literals, so one pass of this
// regex rules out most files before the seventeen rules run. Keep it in step with CONTENT_RULES.
const CANDIDATE =
  /-----BEGIN|PuTTY-User-Key-File-|A(?:KIA|SIA|BIA|CCA)|[Aa][Ww][Ss]_?[Ss][Ee][Cc][Rr][Ee][Tt]|"type"|gh[pousr]_|github_pat_|glpat-|npm_|_(?:auth|password)|pypi-AgE|pypi\]|dckr_pat_|"auths"|xox[baprs]-|:\/\//;

function scanText(path: string, text: string, enabled: (g: SecretRuleGroup) => boolean): SecretMatch[] {
  const out: SecretMatch[] = [];
  const name = basename(path);
  const candidate = CANDIDATE.test(text);
  for (const r of candidate ? CONTENT_RULES : []) {
    if (!enabled(r.group)) continue;
    const m = r.pattern.exec(text);
    if (m) out.push({ rule: r.rule, group: r.group, line: lineOf(text, m.index) });
  }
  if (enabled('gitCredentials') && name === '.git-credentials' && /^\s*[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@]+@/im.test(text)) {
    out.push({ rule: 'git-credentials', group: 'gitCredentials' });
  }
  if (candidate && enabled('gitCredentials')) {
    const m = /https?:\/\/[^\s:/@"']+:([^\s@"'/]{6,})@[A-Za-z0-9.-]*(?:github|gitlab|bitbucket)[A-Za-z0-9.-]*/i.exec(text);
    if (m && !PLACEHOLDER.test(m[1]!)) out.push({ rule: 'credentials-in-git-url', group: 'gitCredentials', line: lineOf(text, m.index) });
  }
  if (enabled('envFiles') && isEnvFileName(name)) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(lines[i]!);
      if (!m || !SECRET_KEY_NAME.test(m[1]!)) continue;
      const value = m[2]!.replace(/\s+#.*$/, '').trim().replace(/^(['"])(.*)\1$/, '$2');
      if (value.length >= 6 && !PLACEHOLDER.test(value)) {
        out.push({ rule: 'env-file-secret', group: 'envFiles', line: i + 1 });
        break;
      }
    }
  }
  return out;
}

const NESTED_MAX_BYTES = 16 * 1024 * 1024;

/** Members of a (gzipped) tar held in a file: vendors have hidden keys in "backup.tar" before. */
function tarMembers(content: Buffer): { name: string; content: Buffer }[] | undefined {
  let data = content;
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: NESTED_MAX_BYTES });
    } catch {
      return undefined;
    }
  }
  if (data.length < 512 || data.toString('latin1', 257, 262) !== 'ustar') return undefined;
  const members: { name: string; content: Buffer }[] = [];
  let current: { name: string; chunks: Buffer[] } | undefined;
  try {
    const parser = new TarParser(
      {
        entry: (h) => {
          current = h.type === 'file' && h.size <= NESTED_MAX_BYTES ? { name: h.name, chunks: [] } : undefined;
        },
        data: (chunk) => current?.chunks.push(Buffer.from(chunk)),
        entryEnd: () => {
          if (current) members.push({ name: current.name, content: Buffer.concat(current.chunks) });
          current = undefined;
        },
      },
      { limits: DEFAULT_LIMITS, where: 'nested archive' },
    );
    parser.write(data);
    parser.end();
  } catch {
    // A truncated or hostile archive still yields the members read before the damage.
  }
  return members;
}

/** Secrets in one file's content (and, for tar archives, in their members). */
export function scanForSecrets(path: string, content: Buffer, enabled: (g: SecretRuleGroup) => boolean, depth = 0): SecretMatch[] {
  const members = depth === 0 ? tarMembers(content) : undefined;
  if (members) {
    return members.flatMap((m) =>
      scanForSecrets(m.name.startsWith('/') ? m.name : `/${m.name}`, m.content, enabled, depth + 1).map((s) => ({ ...s, member: m.name })),
    );
  }
  // Binary files are read as latin1 so byte patterns still line up; the rules are ASCII.
  return scanText(path, content.toString('latin1'), enabled);
}
