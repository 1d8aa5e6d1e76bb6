import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../checks/types';
import { CertificationError } from '../errors';
import { canonicalJson } from './canonical-json';
import { defaultPolicy, parsePolicy, policyDigest } from './load-policy';

const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, '../policy.schema.json'), 'utf8'));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const defaultJson = JSON.parse(readFileSync(path.join(import.meta.dirname, 'default.json'), 'utf8'));

function zodPath(json: unknown): string {
  try {
    parsePolicy(json);
  } catch (e) {
    expect(e).toBeInstanceOf(CertificationError);
    expect((e as CertificationError).code).toBe('POLICY_INVALID');
    return ((e as CertificationError).details!.path as string[]).join('/');
  }
  return 'accepted';
}

describe('the policy', () => {
  it('default policy validates against both the JSON Schema and the zod schema', () => {
    expect(validate(defaultJson), JSON.stringify(validate.errors)).toBe(true);
    const { policy, digest } = defaultPolicy();
    expect(policy.name).toBe('assay-default');
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('names every check id in the default policy and in the JSON Schema', () => {
    expect(Object.keys(defaultJson.checks).sort()).toEqual([...CHECK_IDS].sort());
    expect(Object.keys(schema.properties.checks.properties).sort()).toEqual([...CHECK_IDS].sort());
  });

  it.each<[string, (p: typeof defaultJson) => void, string]>([
    ['a wrong type deep inside', (p) => (p.checks['hygiene.layer-count'].maxLayers = 'forty'), '/checks/hygiene.layer-count/maxLayers'],
    ['an unknown check id (a typo)', (p) => (p.checks['security.non-root'] = { required: true }), '/checks'],
    ['a bad end-of-life date', (p) => (p.checks['base-os.supported'].distributions[0].releases[0].eol = '31/05/2029'), '/checks/base-os.supported/distributions/0/releases/0/eol'],
    ['an unknown severity', (p) => (p.checks['vulnerabilities.policy'].severityThreshold = 'severe'), '/checks/vulnerabilities.policy/severityThreshold'],
    ['a missing name', (p) => delete p.name, ''],
    ['another schema version', (p) => (p.schemaVersion = 2), '/schemaVersion'],
    ['a relative ignore path', (p) => (p.checks['base-os.unmodified-packages'].ignorePaths = ['etc']), '/checks/base-os.unmodified-packages/ignorePaths/0'],
  ])('rejects %s in both schemas, naming the path', (_name, mutate, where) => {
    const broken = structuredClone(defaultJson);
    mutate(broken);
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toContain(where);
    const zp = zodPath(broken);
    expect(zp).not.toBe('accepted');
    expect(`/${zp}`.startsWith(where === '' ? '/' : where.split('/').slice(0, 3).join('/'))).toBe(true);
  });

  it('digests the canonical JSON: formatting and key order do not matter, content does', () => {
    const a = parsePolicy(JSON.stringify(defaultJson, null, 2)).digest;
    const reordered = Object.fromEntries(Object.entries(defaultJson).reverse());
    expect(parsePolicy(JSON.stringify(reordered)).digest).toBe(a);
    const changed = structuredClone(defaultJson);
    changed.checks['hygiene.layer-count'].maxLayers = 41;
    expect(policyDigest(changed)).not.toBe(a);
    expect(canonicalJson({ b: [1, { d: 1, c: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"c":"x","d":1}]}');
  });

  it('reports unparseable JSON as POLICY_INVALID', () => {
    expect(() => parsePolicy('{"name":')).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
  });
});
