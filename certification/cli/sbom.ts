import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { certifySbom, type SbomFormat } from '../certify-sbom';
import { IMAGE_OPTIONS, IMAGE_OPTIONS_HELP, imageOptions, UsageError } from './options';

export const SBOM_HELP = `Usage: assay sbom <source> --format cyclonedx|spdx [options]

Writes the software bill of materials of an image: every installed OS package (rpm, dpkg, apk) with
its purl, as CycloneDX 1.6 JSON or SPDX 2.3 JSON.

Options:
  --format cyclonedx|spdx       document format (required)
  --output FILE                 write the document to FILE instead of standard output
${IMAGE_OPTIONS_HELP}
`;

const FORMATS: readonly SbomFormat[] = ['cyclonedx', 'spdx'];

export async function runSbom(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...IMAGE_OPTIONS, format: { type: 'string' }, output: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.help) {
    out(SBOM_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`sbom: expected one <source>, got ${positionals.length} (see assay sbom --help)`);
  if (!FORMATS.includes(values.format as SbomFormat)) throw new UsageError(`--format: expected cyclonedx or spdx, got ${values.format === undefined ? 'none' : `"${values.format}"`}`);
  const image = imageOptions(values);
  const document = await certifySbom({
    source: positionals[0]!,
    format: values.format as SbomFormat,
    ...(image.platform ? { platform: image.platform } : {}),
    ...(image.registry ? { registry: image.registry } : {}),
  });
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (values.output) await writeFile(values.output, text);
  else out(text);
  return 0;
}
