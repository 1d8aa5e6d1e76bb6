import type { InstalledPackage } from '../packages/types';
import { evr, stableUuid, type SbomInput } from './cyclonedx';
import { packagePurl } from './purl';

// SPDX 2.3 JSON (spdx.github.io/spdx-spec/v2.3): the document DESCRIBES the image package, which
// CONTAINS every installed package. Distro license strings are rarely valid SPDX expressions, so
// they go to licenseComments and the declared license stays NOASSERTION.

function spdxId(prefix: string, name: string, n: number): string {
  return `SPDXRef-${prefix}-${name.replace(/[^A-Za-z0-9.-]+/g, '-')}-${n}`;
}

function supplier(p: InstalledPackage): string {
  const who = (p.vendor ?? p.maintainer ?? '').replace(/\s+/g, ' ').trim();
  return who ? `Organization: ${who}` : 'NOASSERTION';
}

export function spdx(input: SbomInput): Record<string, unknown> {
  const imageId = 'SPDXRef-Image';
  const packages: Record<string, unknown>[] = [
    {
      SPDXID: imageId,
      name: input.name,
      versionInfo: input.digest,
      primaryPackagePurpose: 'CONTAINER',
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      checksums: [{ algorithm: 'SHA256', checksumValue: input.digest.replace(/^sha256:/, '') }],
    },
  ];
  const relationships: Record<string, unknown>[] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId }];
  if (input.os) {
    packages.push({
      SPDXID: 'SPDXRef-OperatingSystem',
      name: input.os.id,
      versionInfo: input.os.versionId ?? 'NOASSERTION',
      primaryPackagePurpose: 'OPERATING-SYSTEM',
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: 'SPDXRef-OperatingSystem' });
  }
  input.packages.forEach((p, i) => {
    const id = spdxId('Package', p.name, i + 1);
    packages.push({
      SPDXID: id,
      name: p.name,
      versionInfo: evr(p),
      supplier: supplier(p),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      ...(p.license ? { licenseComments: `License as the package database records it: ${p.license}` } : {}),
      copyrightText: 'NOASSERTION',
      ...(p.summary ? { summary: p.summary } : {}),
      ...(p.sourceName ? { sourceInfo: `built from source package ${p.sourceName}${p.sourceVersion ? ` ${p.sourceVersion}` : ''}` } : {}),
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: packagePurl(p, input.os) }],
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: id });
  });
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${input.name}@${input.digest}`,
    documentNamespace: `https://assay.dev/spdx/${encodeURIComponent(input.name)}/${stableUuid(`${input.digest}\n${input.timestamp}`)}`,
    creationInfo: { created: input.timestamp.replace(/\.\d+Z$/, 'Z'), creators: [`Tool: assay${input.toolVersion ? `-${input.toolVersion}` : ''}`] },
    documentDescribes: [imageId],
    packages,
    relationships,
  };
}
