// next-auth reports failures as ?error=<code or message>. Known codes get plain words; messages
// from our own sign-in check pass through; anything else (someone crafting a link) gets a generic line.
const CODES: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password.',
  OAuthSignin: 'Could not start signing in with your identity provider.',
  OAuthCallback: 'Your identity provider did not complete the sign-in.',
  OAuthAccountNotLinked: 'This email is linked to another sign-in method.',
  AccessDenied: 'Access denied.',
  SessionRequired: 'Sign in to continue.',
  Configuration: 'Sign-in is misconfigured on the server. Tell your administrator.',
  Verification: 'The sign-in link is no longer valid.',
};

const OWN_MESSAGES = [/^Wrong email or password\.$/, /^Too many failed attempts: this account is locked for \d+ (more )?minute/, /^Too many requests/, /^Enter your email and password\.$/, /^Your identity provider did not share a verified email address\.$/];

export function describeSignInError(error: string): string {
  if (CODES[error]) return CODES[error];
  if (error.length < 300 && OWN_MESSAGES.some((re) => re.test(error))) return error;
  return 'Sign-in failed. Try again.';
}
