import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '../db/client';
import { env, oidcEnabled } from '../env';
import { AppError } from '../errors';
import { signInWithPassword } from './sign-in';
import { linkOidcAccount } from './oidc';

function clientIp(headers: Record<string, unknown> | undefined): string | null {
  const forwarded = headers?.['x-forwarded-for'];
  if (typeof forwarded === 'string' && forwarded) return forwarded.split(',')[0]!.trim();
  const real = headers?.['x-real-ip'];
  return typeof real === 'string' ? real : null;
}

// Sessions are JWTs carrying only the user id and a session version; the actor (roles,
// memberships) is re-read from the database on every request, and bumping sessionVersion (password
// reset, disabling) ends every existing session.
export function authOptions(): NextAuthOptions {
  const e = env();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        try {
          const result = await signInWithPassword(db(), { email: credentials?.email, password: credentials?.password }, clientIp(req?.headers));
          return { id: result.userId, sessionVersion: result.sessionVersion };
        } catch (error) {
          // next-auth passes the message to the sign-in page as ?error=…
          throw new Error(error instanceof AppError ? error.message : 'Sign-in failed.');
        }
      },
    }),
  ];
  if (oidcEnabled()) {
    providers.push({
      id: 'oidc',
      name: e.OIDC_NAME,
      type: 'oauth',
      wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, '')}/.well-known/openid-configuration`,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      profile(profile: { sub: string; email?: string; name?: string; preferred_username?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub };
      },
    });
  }
  return {
    secret: e.NEXTAUTH_SECRET ?? (e.NODE_ENV === 'production' ? undefined : 'assay-development-secret-not-for-production'),
    session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: '/signin', error: '/signin' },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== 'oidc') return true;
        const linked = await linkOidcAccount(db(), {
          providerAccountId: account.providerAccountId,
          email: (profile as { email?: string } | undefined)?.email ?? user.email ?? null,
          emailVerified: (profile as { email_verified?: boolean } | undefined)?.email_verified ?? false,
          name: user.name ?? null,
        });
        if (!linked) return '/signin?error=' + encodeURIComponent('Your identity provider did not share a verified email address.');
        (user as { id: string; sessionVersion?: number }).id = linked.userId;
        (user as { sessionVersion?: number }).sessionVersion = linked.sessionVersion;
        return true;
      },
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        }
        return token;
      },
      async session({ session, token }) {
        (session as { userId?: string; sv?: number }).userId = token.sub;
        (session as { userId?: string; sv?: number }).sv = token.sv as number;
        return session;
      },
    },
  };
}
