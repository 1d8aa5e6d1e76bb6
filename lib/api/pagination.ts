import { z } from 'zod';

export const ZPaginationSchema = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('Page number, starting at 1'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('Items per page (at most 100)'),
});

export type TPagination = z.infer<typeof ZPaginationSchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageArgs(p: TPagination): { skip: number; take: number } {
  return { skip: (p.page - 1) * p.pageSize, take: p.pageSize };
}

export function toPage<T>(items: T[], total: number, p: TPagination): Page<T> {
  return { items, total, page: p.page, pageSize: p.pageSize };
}
