import { parseArgs } from 'node:util';
import { openImage } from '../image/open-image';
import type { FileEntry } from '../image/types';
import { formatMode, printable } from './format';
import { IMAGE_OPTIONS, IMAGE_OPTIONS_HELP, imageOptions, UsageError } from './options';

export const LS_HELP = `Usage: assay ls <source> [PATH] [options]

Lists the final filesystem of an image (all layers applied, whiteouts honoured): mode, owner uid:gid,
size, the layer that last wrote each entry, and the path (symlinks show -> target).
PATH limits the listing to one directory tree or file (default /).

Options:
${IMAGE_OPTIONS_HELP}
`;

export function formatEntry(e: FileEntry, widths: { owner: number; size: number }): string {
  const owner = `${e.uid}:${e.gid}`.padEnd(widths.owner);
  const size = String(e.size).padStart(widths.size);
  const link = e.type === 'symlink' ? ` -> ${printable(e.linkTarget ?? '')}` : e.type === 'hardlink' ? ` link to ${printable(e.linkTarget ?? '')}` : '';
  return `${formatMode(e.type, e.mode)} ${owner} ${size} L${e.layer} ${printable(e.path)}${link}`;
}

export async function runLs(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: IMAGE_OPTIONS, allowPositionals: true });
  if (values.help) {
    out(LS_HELP);
    return 0;
  }
  if (positionals.length < 1 || positionals.length > 2) {
    throw new UsageError(`ls: expected <source> [PATH], got ${positionals.length} arguments (see assay ls --help)`);
  }
  const target = positionals[1] ?? '/';
  if (!target.startsWith('/')) throw new UsageError(`ls: expected an absolute PATH inside the image, got "${target}"`);
  const image = await openImage(positionals[0]!, imageOptions(values));
  try {
    const fs = await image.readFilesystem();
    let entries: FileEntry[];
    if (target === '/') {
      entries = fs.list('/', { recursive: true });
    } else {
      const entry = fs.get(target);
      if (!entry) throw new UsageError(`ls: expected ${target} to exist in ${image.source}, got nothing there`);
      entries = entry.type === 'directory' ? [entry, ...fs.list(target, { recursive: true })] : [entry];
    }
    const widths = {
      owner: Math.max(0, ...entries.map((e) => `${e.uid}:${e.gid}`.length)),
      size: Math.max(0, ...entries.map((e) => String(e.size).length)),
    };
    const lines = entries.map((e) => formatEntry(e, widths));
    out(lines.length ? `${lines.join('\n')}\n` : '');
    return 0;
  } finally {
    await image.close();
  }
}
