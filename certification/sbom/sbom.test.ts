import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../checks/testing/fixtures';
import { parseOsRelease } from '../os-release';
import { corpusPresent } from '../packages/test-corpus';
import { readInstalledPackages } from '../packages/read-installed-packages';
import { readRpmDatabase } from '../packages/rpm-db';
import { cycloneDx, type SbomInput } from './cyclonedx';
import { packagePurl } from './purl';
import { spdx } from './spdx';

const haveCorpus = corpusPresent('dpkg') && corpusPresent('apk') && corpusPresent('rpmdb');
type Json = ReturnType<typeof JSON.parse>;
const DIGEST = `sha256:${'ab'.repeat(32)}`;

function inputs(): Record<string, SbomInput> {
  const common = { name: 'registry.example.com/acme/app', digest: DIGEST, timestamp: '2026-11-15T12:00:00.000Z', toolVersion: '0.1.0' };
  const deb = readInstalledPackages(new Map([['/var/lib/dpkg/status', readFileSync(corpusFile('dpkg/scalibr-debian12-subset/status'))]]))!;
  const apk = readInstalledPackages(new Map([['/lib/apk/db/installed', readFileSync(corpusFile('apk/scalibr-alpine318/installed'))]]))!;
  const rpm = readRpmDatabase({ kind: 'bdb', file: readFileSync(corpusFile('rpmdb/fedora32-hello-epoch/Packages')), where: 'Packages' });
  return {
    debian: { ...common, os: parseOsRelease('ID=debian\nVERSION_ID="12"\n'), packages: deb.packages },
    alpine: { ...common, os: parseOsRelease('ID=alpine\nVERSION_ID=3.18.0\n'), packages: apk.packages },
    fedora: { ...common, os: parseOsRelease('ID=fedora\nVERSION_ID=32\n'), packages: rpm },
  };
}

describe.skipIf(!haveCorpus)('SBOMs of real package databases', () => {
  it('writes purls per ecosystem (rpm epoch as qualifier, deb and apk namespaces, encoded versions)', () => {
    const { debian, alpine, fedora } = inputs();
    const hello = fedora.packages.find((p) => p.name === 'hello')!;
    expect(hello.epoch).toBe(1);
    expect(packagePurl(hello, fedora.os)).toBe(`pkg:rpm/fedora/hello@${hello.version}-${hello.release}?arch=${hello.arch}&distro=fedora-32&epoch=1&upstream=${encodeURIComponent(hello.sourceRpm!)}`);
    for (const p of debian.packages) expect(packagePurl(p, debian.os)).toMatch(new RegExp(`^pkg:deb/debian/${p.name.replace(/[+.]/g, (c) => (c === '+' ? '%2B' : '\\.'))}@[^?]+\\?arch=[a-z0-9]+&distro=debian-12`));
    const withEpoch = debian.packages.find((p) => p.version.includes(':'));
    if (withEpoch) expect(packagePurl(withEpoch, debian.os)).toContain('%3A');
    const musl = alpine.packages.find((p) => p.name === 'musl')!;
    expect(packagePurl(musl, alpine.os)).toBe(`pkg:apk/alpine/musl@${musl.version}?arch=${musl.arch}&distro=alpine-3.18.0`);
  });

  it('writes CycloneDX 1.6 with the required fields, unique bom-refs and every package', () => {
    for (const input of Object.values(inputs())) {
      const bom = cycloneDx(input) as ReturnType<typeof JSON.parse>;
      expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, metadata: { timestamp: input.timestamp, component: { type: 'container', name: input.name } } });
      expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const libs = bom.components.filter((c: Json) => c.type === 'library');
      expect(libs.length).toBe(input.packages.length);
      for (const c of bom.components) expect(c.name && c['bom-ref'] && c.type).toBeTruthy();
      for (const c of libs) expect(c.purl).toMatch(/^pkg:(rpm|deb|apk)\//);
      const refs = bom.components.map((c: Json) => c['bom-ref']);
      expect(new Set(refs).size).toBe(refs.length);
      expect(bom.dependencies[0].dependsOn).toEqual(refs);
      expect(cycloneDx(input)).toEqual(bom);
    }
  });

  it('writes SPDX 2.3 where the document DESCRIBES the image and the image CONTAINS each package', () => {
    for (const input of Object.values(inputs())) {
      const doc = spdx(input) as ReturnType<typeof JSON.parse>;
      expect(doc).toMatchObject({ spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT', creationInfo: { created: '2026-11-15T12:00:00Z' } });
      expect(doc.documentNamespace).toMatch(/^https:\/\/assay\.dev\/spdx\/[^#]+$/);
      const ids = doc.packages.map((p: Json) => p.SPDXID);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of doc.packages) {
        expect(p.SPDXID).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
        for (const field of ['name', 'downloadLocation', 'licenseConcluded', 'licenseDeclared', 'copyrightText']) expect(p[field], field).toBeTruthy();
        expect(p.filesAnalyzed).toBe(false);
      }
      expect(doc.relationships.filter((r: Json) => r.relationshipType === 'DESCRIBES')).toEqual([{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Image' }]);
      const contained = doc.relationships.filter((r: Json) => r.relationshipType === 'CONTAINS').map((r: Json) => r.relatedSpdxElement);
      expect(contained.sort()).toEqual(ids.filter((id: string) => id !== 'SPDXRef-Image').sort());
      const purls = doc.packages.flatMap((p: Json) => p.externalRefs ?? []).map((r: Json) => r.referenceLocator);
      expect(purls.length).toBe(input.packages.length);
    }
  });
});
