import { createHash } from 'node:crypto';
import type { OsRelease } from '../os-release';
import type { InstalledPackage } from '../packages/types';
import { packagePurl } from './purl';

// CycloneDX 1.6 JSON (cyclonedx.org/docs/1.6/json): the image as the metadata component, the OS and
// every installed package as components, and one dependency entry tying them to the image.

export interface SbomInput {
  /** Repository or source the image is known as. */
  name: string;
  digest: string;
  os: OsRelease | null;
  packages: InstalledPackage[];
  /** ISO-8601 creation time (the evaluation time, so output is reproducible). */
  timestamp: string;
  toolVersion?: string;
}

/** A name-based UUID (version 5 layout) so the same image always gets the same serial number. */
export function stableUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function evr(p: InstalledPackage): string {
  return `${p.epoch ? `${p.epoch}:` : ''}${p.version}${p.release ? `-${p.release}` : ''}`;
}

export function cycloneDx(input: SbomInput): Record<string, unknown> {
  const imageRef = `image:${input.digest}`;
  const osRef = input.os ? `os:${input.os.id}-${input.os.versionId ?? ''}` : undefined;
  const seen = new Set<string>();
  const components: Record<string, unknown>[] = [];
  if (input.os && osRef) {
    components.push({ type: 'operating-system', 'bom-ref': osRef, name: input.os.id, ...(input.os.versionId ? { version: input.os.versionId } : {}), description: input.os.prettyName ?? input.os.name ?? input.os.id });
  }
  for (const p of input.packages) {
    let ref = packagePurl(p, input.os);
    // Two database rows can describe the same package (multilib, reinstall); bom-refs must be unique.
    for (let n = 2; seen.has(ref); n++) ref = `${packagePurl(p, input.os)}#${n}`;
    seen.add(ref);
    const properties = [
      { name: 'assay:package:manager', value: p.manager },
      ...(p.sourceName ? [{ name: 'assay:package:source-name', value: p.sourceName }] : []),
      ...(p.sourceVersion ? [{ name: 'assay:package:source-version', value: p.sourceVersion }] : []),
      ...(p.sourceRpm ? [{ name: 'assay:package:source-rpm', value: p.sourceRpm }] : []),
    ];
    components.push({
      type: 'library',
      'bom-ref': ref,
      name: p.name,
      version: evr(p),
      purl: packagePurl(p, input.os),
      ...(p.vendor ? { publisher: p.vendor } : {}),
      ...(p.summary ? { description: p.summary } : {}),
      ...(p.license ? { licenses: [{ license: { name: p.license } }] } : {}),
      properties,
    });
  }
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${stableUuid(`${input.digest}\n${input.packages.length}`)}`,
    version: 1,
    metadata: {
      timestamp: input.timestamp,
      tools: { components: [{ type: 'application', name: 'assay', ...(input.toolVersion ? { version: input.toolVersion } : {}) }] },
      component: { type: 'container', 'bom-ref': imageRef, name: input.name, version: input.digest },
    },
    components,
    dependencies: [{ ref: imageRef, dependsOn: components.map((c) => c['bom-ref'] as string) }],
  };
}
