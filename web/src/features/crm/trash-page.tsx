import { RollbackOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Empty, Flex, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadMore, type PagedList } from '../../components/load-more';
import { PageHeading } from '../../components/page-section';
import { RelativeTime } from '../customers/customer-cells';

/** What every trashed record carries besides its own columns. */
export interface TrashedRecord {
  id: string;
  deletedAt: string;
  deletedByName: string | null;
}

/** A cursor-paged trash listing as TanStack's useInfiniteQuery returns it. */
export interface TrashPages<T> extends PagedList {
  data?: { pages: { items: T[] }[] };
  isPending: boolean;
  isError: boolean;
  error: Error | null;
}

export interface TrashPageProps<T extends TrashedRecord, R extends { id: string }> {
  /** The list the trash belongs to, for the breadcrumb. */
  section: { path: string; title: string };
  title: string;
  description: string;
  emptyText: string;
  pages: TrashPages<T>;
  /** The record's own columns; when it was deleted, by whom and the restore button follow. */
  columns: TableColumnsType<T>;
  restore: (record: T) => Promise<R>;
  /** After a restore: refresh the record's queries. */
  refresh: () => Promise<unknown>;
  /** The success message, with a link to where the restored record lives. */
  restored: (record: R) => { message: ReactNode; openLabel: string; openPath: string };
  /** The restore button's accessible name for one row. */
  restoreLabel: (record: T) => string;
  /** Why a row cannot be restored on its own (it went with its customer), or null. */
  blockedReason?: (record: T) => string | null;
}

/** Records deleted in the last 30 days: who deleted them, when, and a way back. Shared by every CRM record kind. */
export function TrashPage<T extends TrashedRecord, R extends { id: string }>(props: TrashPageProps<T, R>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { pages } = props;
  const rows = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);

  const restore = useMutation({
    mutationFn: props.restore,
    onSuccess: (record) => {
      void props.refresh();
      const shown = props.restored(record);
      void message.success(
        <span>
          {shown.message} {/* Messages render outside the router: navigate from here instead of a <Link>. */}
          <Button type="link" size="small" onClick={() => void navigate(shown.openPath)}>
            {shown.openLabel}
          </Button>
        </span>,
      );
    },
    onError: (error) => void message.error(error.message),
  });

  const columns: TableColumnsType<T> = [
    ...props.columns,
    {
      title: t('customers.trash.deletedAt'),
      key: 'deletedAt',
      render: (_, record) => <RelativeTime value={record.deletedAt} />,
    },
    {
      title: t('customers.trash.deletedBy'),
      key: 'deletedBy',
      render: (_, record) => record.deletedByName ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      render: (_, record) => {
        const blocked = props.blockedReason?.(record) ?? null;
        const button = (
          <Button
            size="small"
            icon={<RollbackOutlined />}
            disabled={blocked !== null}
            loading={restore.isPending && restore.variables.id === record.id}
            aria-label={props.restoreLabel(record)}
            onClick={() => restore.mutate(record)}
          >
            {t('customers.trash.restore')}
          </Button>
        );
        return blocked === null ? button : <Tooltip title={blocked}>{button}</Tooltip>;
      },
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[{ title: <Link to={props.section.path}>{props.section.title}</Link> }, { title: props.title }]}
      />
      <PageHeading title={props.title} description={props.description} />
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {pages.isError ? (
          <Typography.Paragraph type="danger" style={{ padding: 16, marginBottom: 0 }} role="alert">
            {pages.error?.message}
          </Typography.Paragraph>
        ) : null}
        <Table<T>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={pages.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.emptyText} /> }}
        />
        <LoadMore pages={pages} label={t('customers.list.loadMore')} style={{ padding: 16 }} />
      </Card>
    </Flex>
  );
}
