import type { ReactNode } from 'react';
import { Card, CardHeader } from './card';
import { EmptyState } from './empty-state';
import { Table, TBody, THead, Th } from './table';

/**
 * A titled card holding one table, or an empty state when there are no rows. A column header of
 * `null` is an actions column, named for screen readers only. Children are the table's rows.
 */
export function TableCard({
  title,
  description,
  caption,
  columns,
  empty,
  rowCount,
  children,
}: {
  title: string;
  description?: ReactNode;
  caption?: string;
  columns: (string | null)[];
  empty: string;
  rowCount: number;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      {rowCount === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <Table caption={caption ?? title}>
          <THead>
            <tr>
              {columns.map((c, i) => (
                <Th key={i}>{c ?? <span className="sr-only">Actions</span>}</Th>
              ))}
            </tr>
          </THead>
          <TBody>{children}</TBody>
        </Table>
      )}
    </Card>
  );
}
