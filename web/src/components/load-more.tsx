import { Button, Flex, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

/** What a cursor-paged list (TanStack useInfiniteQuery) offers for "load more". */
export interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

function LoadMoreButton({ pages, label }: { pages: PagedList; label: string }) {
  return (
    <Button onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
      {label}
    </Button>
  );
}

/** A centred "load more" button while there is a next page; nothing after the last. */
export function LoadMore({ pages, label, style }: { pages: PagedList; label: string; style?: CSSProperties }) {
  return pages.hasNextPage ? (
    <Flex justify="center" style={style}>
      <LoadMoreButton pages={pages} label={label} />
    </Flex>
  ) : null;
}

/** Under a list: how much is shown on the left, "load more" (or that this is all) on the right. */
export function ListFooter({ pages, summary, testId }: { pages: PagedList; summary: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="center" style={{ padding: '12px 16px' }} wrap gap={8}>
      <Typography.Text type="secondary" data-testid={testId}>
        {summary}
      </Typography.Text>
      {pages.hasNextPage ? (
        <LoadMoreButton pages={pages} label={t('customers.list.loadMore')} />
      ) : (
        <Typography.Text type="secondary">{t('customers.list.end')}</Typography.Text>
      )}
    </Flex>
  );
}
