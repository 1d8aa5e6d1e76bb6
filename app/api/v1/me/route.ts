import { apiHandler } from '@/lib/api/handler';
import { getMe } from '@/lib/server/users/get-me';

export const GET = apiHandler(async ({ actor }) => getMe({ actor }));
