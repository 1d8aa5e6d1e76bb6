import type { OpenImageOptions } from '../image/open-image';
import { parseCreds } from '../image/sources/auth';

/** Options every image-reading command takes, spelled as skopeo spells them. */
export const IMAGE_OPTIONS = {
  platform: { type: 'string' },
  creds: { type: 'string' },
  authfile: { type: 'string' },
  'tls-verify': { type: 'string' },
  insecure: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const IMAGE_OPTIONS_HELP = `  --platform OS/ARCH[/VARIANT]  platform to pick from a multi-arch index (default linux/amd64)
  --creds USER:PASS             registry credentials
  --authfile FILE               Docker config.json / containers auth.json with credentials
                                (default: $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json,
                                ~/.docker/config.json)
  --tls-verify=false            talk plain HTTP to the registry (alias --insecure)
  -h, --help                    show this help`;

/** A wrong command line: exit code 2 like any other bad input. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function imageOptions(values: {
  platform?: string;
  creds?: string;
  authfile?: string;
  'tls-verify'?: string;
  insecure?: boolean;
}): OpenImageOptions {
  let tlsVerify = true;
  if (values['tls-verify'] !== undefined) {
    if (values['tls-verify'] !== 'true' && values['tls-verify'] !== 'false') {
      throw new UsageError(`--tls-verify: expected true or false, got "${values['tls-verify']}"`);
    }
    tlsVerify = values['tls-verify'] === 'true';
  }
  if (values.insecure) tlsVerify = false;
  return {
    ...(values.platform ? { platform: values.platform } : {}),
    registry: {
      tlsVerify,
      ...(values.creds !== undefined ? { credentials: parseCreds(values.creds) } : {}),
      ...(values.authfile !== undefined ? { authfile: values.authfile } : {}),
      // The CLI scans the ISV's own (often internal) registries: the SSRF guard is for the platform server.
      ssrfGuard: { enabled: false },
    },
  };
}
