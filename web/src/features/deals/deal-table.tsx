import { WarningFilled } from '@ant-design/icons';
import { Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import type { SortOrder as AntSortOrder } from 'antd/es/table/interface';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RelativeTime } from '../customers/customer-cells';
import { formatMoney } from '../crm/money-format';
import { SharedWithYouListMark } from '../sharing/record-sharing';
import { firstDealOrder } from './deal-filters';
import { STAGE_KIND_COLORS, dealStageLabel, isOverdue } from './deal-format';
import type { Deal, DealFilters, DealSortKey } from './deal-types';
import { dash } from '../../components/fact-list';

const SORTABLE: ReadonlySet<string> = new Set<DealSortKey>(['name', 'amount', 'expectedCloseDate', 'updatedAt']);

interface DealTableProps {
  deals: Deal[];
  loading: boolean;
  /** The list's sort, shown on the headers; without it nothing is sortable (e.g. on a customer's page). */
  sort?: Pick<DealFilters, 'sort' | 'order'>;
  onSort?: (sort: DealSortKey | null, order: 'asc' | 'desc') => void;
  onOpen: (deal: Deal) => void;
  showCustomer?: boolean;
  emptyText?: ReactNode;
  rowSelection?: TableProps<Deal>['rowSelection'];
}

function isRowClick(event: MouseEvent<HTMLElement>): boolean {
  const target = event.target as HTMLElement;
  return target.closest('button, a, input, label, .ant-checkbox-wrapper, .ant-table-selection-column') === null;
}

/** Deals as a table in the customers list's style: the name opens the deal, sorting happens on the server. */
export function DealTable({
  deals,
  loading,
  sort,
  onSort,
  onOpen,
  showCustomer = true,
  emptyText,
  rowSelection,
}: DealTableProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const sortProps = (key: DealSortKey) => {
    if (!sort || !SORTABLE.has(key)) {
      return {};
    }
    const first = firstDealOrder(key) === 'asc' ? 'ascend' : 'descend';
    const second = first === 'ascend' ? 'descend' : 'ascend';
    const sortOrder: AntSortOrder = sort.sort === key ? (sort.order === 'asc' ? 'ascend' : 'descend') : null;
    return { sorter: true, sortOrder, sortDirections: [first, second, first] as AntSortOrder[] };
  };

  const columns: TableColumnsType<Deal> = [
    {
      title: t('deals.field.name'),
      key: 'name',
      fixed: 'left',
      ...sortProps('name'),
      render: (_, deal) => (
        <>
          <Typography.Link strong onClick={() => onOpen(deal)} data-testid="deal-link">
            {deal.name}
          </Typography.Link>
          <SharedWithYouListMark shared={deal.sharedWithMe} />
        </>
      ),
    },
    ...(showCustomer
      ? [
          {
            title: t('deals.field.customer'),
            key: 'customer',
            render: (_: unknown, deal: Deal) => <Link to={`/customers/${deal.customerId}`}>{deal.customerName}</Link>,
          },
        ]
      : []),
    {
      title: t('deals.field.stage'),
      key: 'stage',
      render: (_, deal) => (
        <Tag color={STAGE_KIND_COLORS[deal.stageKind]} style={{ marginInlineEnd: 0 }} data-testid="deal-stage">
          {dealStageLabel(t, deal)}
        </Tag>
      ),
    },
    {
      title: t('deals.field.amount'),
      key: 'amount',
      align: 'right',
      ...sortProps('amount'),
      render: (_, deal) => (
        <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {formatMoney(deal.amount, deal.currency, language)}
        </span>
      ),
    },
    {
      title: t('deals.field.probability'),
      key: 'probability',
      align: 'right',
      render: (_, deal) => `${deal.probability}%`,
    },
    {
      title: t('deals.field.owner'),
      key: 'owner',
      render: (_, deal) => <span style={{ whiteSpace: 'nowrap' }}>{deal.ownerName ?? t('deals.noOwner')}</span>,
    },
    {
      title: t('deals.field.expectedCloseDate'),
      key: 'expectedCloseDate',
      ...sortProps('expectedCloseDate'),
      render: (_, deal) => {
        if (!deal.expectedCloseDate) {
          return dash;
        }
        return isOverdue(deal) ? (
          <Tooltip title={t('deals.card.overdue')}>
            <Typography.Text type="danger" strong style={{ whiteSpace: 'nowrap' }}>
              <WarningFilled style={{ marginInlineEnd: 4 }} />
              {deal.expectedCloseDate}
            </Typography.Text>
          </Tooltip>
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>{deal.expectedCloseDate}</span>
        );
      },
    },
    {
      title: t('deals.field.updatedAt'),
      key: 'updatedAt',
      ...sortProps('updatedAt'),
      render: (_, deal) => <RelativeTime value={deal.updatedAt} />,
    },
  ];

  return (
    <Table<Deal>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={deals}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      showSorterTooltip={false}
      locale={emptyText ? { emptyText } : undefined}
      {...(rowSelection ? { rowSelection } : {})}
      onChange={(_pagination, _filters, sorter) => {
        const single = Array.isArray(sorter) ? sorter[0] : sorter;
        if (!single?.order || typeof single.columnKey !== 'string') {
          onSort?.(null, 'desc');
        } else {
          onSort?.(single.columnKey as DealSortKey, single.order === 'ascend' ? 'asc' : 'desc');
        }
      }}
      onRow={(deal) => ({
        onClick: (event: MouseEvent<HTMLElement>) => {
          if (isRowClick(event)) {
            onOpen(deal);
          }
        },
        style: { cursor: 'pointer' },
      })}
    />
  );
}
