import { describe, expect, it } from 'vitest';
import { scanForSecrets } from './secret-rules';

const all = () => true;
const alnum = (n: number) => 'aB3dE5gH7k'.repeat(Math.ceil(n / 10)).slice(0, n);

// One sample per rule: the candidate prefilter must never hide a rule's match.
const SAMPLES: [rule: string, text: string][] = [
  ['pem-private-key', '-----BEGIN EC PRIVATE KEY-----'],
  ['openssh-private-key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
  ['pgp-private-key', '-----BEGIN PGP PRIVATE KEY BLOCK-----'],
  ['putty-private-key', 'PuTTY-User-Key-File-2: ssh-rsa'],
  ['aws-access-key-id', 'key=AKIAZ2QWERTYUIOP7ABC'],
  ['aws-secret-access-key', `AWS_SECRET_ACCESS_KEY=${'aB3/'.repeat(10)}`],
  ['aws-secret-access-key', `Aws_Secret_Access_Key: "${'aB3+'.repeat(10)}"`],
  ['gcp-service-account-key', '{"type": "service_account", "project_id": "p", "private_key": "-----BEGIN PRIVATE KEY-----\\nMII"}'],
  ['github-token', `ghs_${alnum(36)}`],
  ['github-fine-grained-token', `github_pat_${alnum(22)}_${alnum(59)}`],
  ['gitlab-token', `glpat-${alnum(20)}`],
  ['npm-token', `npm_${alnum(36)}`],
  ['npmrc-auth-token', '_password=hunter2hunter2'],
  ['pypi-token', `pypi-AgE${alnum(50)}`],
  ['pypirc-password', '[testpypi]\nrepository = https://test.pypi.org/legacy/\npassword = s3cr3tpassw0rd'],
  ['docker-hub-token', `dckr_pat_${alnum(20)}`],
  ['docker-config-auth', '{"auths": {"quay.io": {"identitytoken": "abcdefgh12"}}}'],
  ['slack-token', 'xoxb-1234567890-abcdef'],
  ['credentials-in-git-url', 'HTTPS://deploy:supersecret@GitHub.com/org/repo.git'],
];

describe('scanForSecrets', () => {
  it.each(SAMPLES)('finds %s inside ordinary text, on its line', (rule, text) => {
    const content = Buffer.from(`lorem ipsum dolor sit amet\n${text}\nconsectetur adipiscing\n`);
    const matches = scanForSecrets('/opt/app/settings.txt', content, all);
    // The .npmrc rule's match starts at the newline before the key, so it names the line above.
    expect(matches.find((m) => m.rule === rule)).toMatchObject({ line: rule === 'npmrc-auth-token' ? 1 : 2 });
  });

  it('finds nothing in text without any candidate literal, and nothing when the group is off', () => {
    const words = 'alpha beta gamma delta asia acca aws secret access key github gitlab npm pypi token '.repeat(500);
    expect(scanForSecrets('/opt/app/notes.txt', Buffer.from(words), all)).toEqual([]);
    const pem = Buffer.from('-----BEGIN RSA PRIVATE KEY-----\n');
    expect(scanForSecrets('/opt/app/key.txt', pem, (g) => g !== 'privateKeys')).toEqual([]);
  });

  it('still reads name-based rules when no content literal is present', () => {
    const env = Buffer.from('DB_PASSWORD=correcthorsebattery\n');
    expect(scanForSecrets('/srv/app/.env', env, all)).toEqual([{ rule: 'env-file-secret', group: 'envFiles', line: 1 }]);
  });
});
