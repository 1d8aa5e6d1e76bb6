import { apiHandler } from '@/lib/api/handler';
import { appUrl } from '@/lib/mail/messages';
import { keysDocument, platformKeyring } from '@/lib/platform-keys';

export const dynamic = 'force-dynamic';

// The platform's public signing keys, current and previous, with the window each one signed in.
export const GET = apiHandler(async () => {
  const document = keysDocument(await platformKeyring(), appUrl('/'));
  return new Response(JSON.stringify(document, null, 2), {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=60' },
  });
});
