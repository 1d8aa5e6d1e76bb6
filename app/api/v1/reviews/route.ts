import { apiHandler } from '@/lib/api/handler';
import { listReviewQueue } from '@/lib/server/reviews/list-review-queue';

// GET /api/v1/reviews?status=&vendor=&minAgeDays=&failingCheck=&page=&pageSize= — the review queue.
export const GET = apiHandler(async ({ actor, searchParams }) => listReviewQueue({ actor, query: Object.fromEntries(searchParams) }));
