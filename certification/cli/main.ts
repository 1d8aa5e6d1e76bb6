import { isCertificationError } from '../errors';
import { runCertify } from './certify';
import { runInspect } from './inspect';
import { runLs } from './ls';
import { runSbom } from './sbom';
import { runSubmit } from './submit';
import { runVerifyCertification } from './verify-certification';
import { UsageError } from './options';

const HELP = `Usage: assay <command> [options]

Commands:
  inspect <source>          digest, platforms, layers, config, labels, tags, OS release
  ls <source> [PATH]        the final filesystem view with modes, owners, sizes and layers
  certify <source>          certify an image against a policy (json, text or junit report)
  sbom <source>             the installed packages as CycloneDX or SPDX JSON
  submit <source> --server URL --product VENDOR/PRODUCT
                            certify locally with the platform's policy, then submit (--wait follows it)
  verify-certification <image-ref|digest>
                            verify the platform-signed certification (online or offline)

Run "assay <command> --help" for the options of a command.
Exit codes: 0 ok (certify: certifiable), 1 certify: not certifiable (or an internal error),
2 bad input or unreadable image. verify-certification: 1 invalid, expired, revoked or not certified.
`;

const COMMANDS: Record<string, (argv: string[], out: (s: string) => void) => Promise<number>> = {
  inspect: runInspect,
  ls: runLs,
  certify: runCertify,
  sbom: runSbom,
  submit: runSubmit,
  'verify-certification': runVerifyCertification,
};

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** Runs the CLI; returns the exit code. Bad input is one line on stderr, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const out = (s: string) => {
    process.stdout.write(s);
  };
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(HELP);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`assay: error: unknown command "${oneLine(command)}": expected one of ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  try {
    return await run(rest, out);
  } catch (e) {
    const argError = (e as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS');
    if (e instanceof UsageError || argError || (isCertificationError(e) && e.code !== 'INTERNAL')) {
      const code = isCertificationError(e) ? ` [${e.code}]` : '';
      process.stderr.write(`assay: error: ${oneLine((e as Error).message)}${code}\n`);
      if (process.env.ASSAY_DEBUG === '1') process.stderr.write(`${(e as Error).stack}\n`);
      return 2;
    }
    process.stderr.write(`assay: internal error: ${oneLine((e as Error)?.message ?? String(e))}\n`);
    if (process.env.ASSAY_DEBUG === '1') process.stderr.write(`${(e as Error)?.stack}\n`);
    else process.stderr.write('assay: set ASSAY_DEBUG=1 for details\n');
    return 1;
  }
}
