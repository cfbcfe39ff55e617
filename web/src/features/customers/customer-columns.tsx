import type { TableColumnsType } from 'antd';
import { Typography } from 'antd';
import type { SortOrder as AntSortOrder } from 'antd/es/table/interface';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { SharedWithYouListMark } from '../sharing/record-sharing';
import { LevelTag, OwnerName, PhoneLink, RelativeTime, StatusTag, TagList, WebsiteLink } from './customer-cells';
import type { CustomerColumnKey } from './customer-columns-store';
import { firstOrderFor } from './customer-filters';
import type { Customer, CustomerListFilters, CustomerSortKey } from './customer-types';

const SORTABLE: ReadonlySet<string> = new Set<CustomerSortKey>([
  'name',
  'createdAt',
  'updatedAt',
  'lastFollowUpAt',
  'level',
]);

function sortProps(key: string, filters: CustomerListFilters) {
  if (!SORTABLE.has(key)) {
    return {};
  }
  const first = firstOrderFor(key as CustomerSortKey) === 'asc' ? 'ascend' : 'descend';
  const second = first === 'ascend' ? 'descend' : 'ascend';
  const sortOrder: AntSortOrder = filters.sort === key ? (filters.order === 'asc' ? 'ascend' : 'descend') : null;
  return { sorter: true, sortOrder, sortDirections: [first, second, first] as AntSortOrder[] };
}

/** The list's columns: the name always, the others as chosen; sorting happens on the server. */
export function customerColumns(
  t: TFunction,
  visible: CustomerColumnKey[],
  filters: CustomerListFilters,
): TableColumnsType<Customer> {
  const optional: Record<CustomerColumnKey, TableColumnsType<Customer>[number]> = {
    owner: {
      title: t('customers.field.owner'),
      key: 'owner',
      render: (_, customer) => <OwnerName name={customer.ownerName} />,
    },
    level: {
      title: t('customers.field.level'),
      key: 'level',
      width: 110,
      render: (_, customer) => <LevelTag level={customer.level} />,
    },
    status: {
      title: t('customers.field.status'),
      key: 'status',
      render: (_, customer) => <StatusTag status={customer.status} />,
    },
    source: {
      title: t('customers.field.source'),
      key: 'source',
      render: (_, customer) =>
        customer.source ? (
          t(`customers.source.${customer.source}`)
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    industry: {
      title: t('customers.field.industry'),
      key: 'industry',
      render: (_, customer) => customer.industry ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    phone: {
      title: t('customers.field.phone'),
      key: 'phone',
      render: (_, customer) => <PhoneLink phone={customer.phone} />,
    },
    website: {
      title: t('customers.field.website'),
      key: 'website',
      render: (_, customer) => <WebsiteLink website={customer.website} />,
    },
    tags: {
      title: t('customers.field.tags'),
      key: 'tags',
      render: (_, customer) => <TagList tags={customer.tags} />,
    },
    contactCount: {
      title: t('customers.field.contactCount'),
      key: 'contactCount',
      align: 'right',
      render: (_, customer) => customer.contactCount,
    },
    lastFollowUpAt: {
      title: t('customers.field.lastFollowUpAt'),
      key: 'lastFollowUpAt',
      render: (_, customer) => <RelativeTime value={customer.lastFollowUpAt} empty={t('customers.neverFollowedUp')} />,
    },
    createdAt: {
      title: t('customers.field.createdAt'),
      key: 'createdAt',
      render: (_, customer) => <RelativeTime value={customer.createdAt} />,
    },
    updatedAt: {
      title: t('customers.field.updatedAt'),
      key: 'updatedAt',
      render: (_, customer) => <RelativeTime value={customer.updatedAt} />,
    },
  };

  return [
    {
      title: t('customers.field.name'),
      key: 'name',
      fixed: 'left',
      ...sortProps('name', filters),
      render: (_, customer) => (
        <>
          <Link to={`/customers/${customer.id}`} style={{ fontWeight: 600 }} data-testid="customer-link">
            {customer.name}
          </Link>
          <SharedWithYouListMark shared={customer.sharedWithMe} />
        </>
      ),
    },
    ...visible.map((key) => ({ ...optional[key], ...sortProps(key, filters) })),
  ];
}
