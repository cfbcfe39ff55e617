import { Flex, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import type { CSSProperties } from 'react';
import { Link } from 'react-router';
import { OwnerName } from '../customers/customer-cells';
import { SharedWithYouListMark } from '../sharing/record-sharing';
import { ContractStatusTag, Money, PaidProgress } from './contract-cells';
import type { Contract, ContractListFilters, ContractSortKey } from './contract-types';
import { dash } from '../../components/fact-list';

const ELLIPSIS: CSSProperties = {
  display: 'inline-block',
  maxWidth: 180,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  verticalAlign: 'bottom',
};

/** The list's columns; sorting is done on the server (signed date, amount, number). */
export function contractColumns(
  t: TFunction,
  filters: Pick<ContractListFilters, 'sort' | 'order'>,
  options: { showCustomer: boolean },
): TableColumnsType<Contract> {
  const sorted = (key: ContractSortKey) => ({
    sorter: true,
    sortOrder: filters.sort === key ? (filters.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
    sortDirections:
      key === 'number' ? (['ascend', 'descend'] as const).slice() : (['descend', 'ascend'] as const).slice(),
  });
  return [
    {
      title: t('contracts.field.number'),
      key: 'number',
      fixed: 'left',
      ...sorted('number'),
      render: (_, contract) => (
        <div style={{ minWidth: 130, maxWidth: 190 }}>
          <Link to={`/contracts/${contract.id}`} style={{ fontWeight: 600 }}>
            {contract.number}
          </Link>
          <SharedWithYouListMark shared={contract.sharedWithMe} />
          <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
            {contract.title}
          </Typography.Text>
        </div>
      ),
    },
    ...(options.showCustomer
      ? [
          {
            title: t('contracts.field.customer'),
            key: 'customer',
            render: (_: unknown, contract: Contract) =>
              contract.customerVisible ? (
                <Link to={`/customers/${contract.customerId}`} title={contract.customerName} style={ELLIPSIS}>
                  {contract.customerName}
                </Link>
              ) : (
                <span title={contract.customerName} style={ELLIPSIS}>
                  {contract.customerName}
                </span>
              ),
          },
        ]
      : []),
    {
      title: t('contracts.field.status'),
      key: 'status',
      render: (_, contract) => <ContractStatusTag status={contract.status} />,
    },
    {
      title: t('contracts.field.signedDate'),
      key: 'signedDate',
      ...sorted('signedDate'),
      render: (_, contract) =>
        contract.signedDate ? <span style={{ whiteSpace: 'nowrap' }}>{contract.signedDate}</span> : dash,
    },
    {
      title: t('contracts.field.amountShort'),
      key: 'amount',
      align: 'right',
      ...sorted('amount'),
      render: (_, contract) => <Money amount={contract.amount} currency={contract.currency} strong />,
    },
    {
      title: t('contracts.field.paidAmount'),
      key: 'paid',
      align: 'right',
      render: (_, contract) => (
        <Flex vertical align="flex-end" gap={2}>
          <Money amount={contract.paidAmount} currency={contract.currency} />
          <PaidProgress paidAmount={contract.paidAmount} amount={contract.amount} width={96} />
        </Flex>
      ),
    },
    {
      title: t('contracts.field.balance'),
      key: 'balance',
      align: 'right',
      render: (_, contract) => (
        <Money
          amount={contract.balance}
          currency={contract.currency}
          type={contract.balance === '0.00' ? 'secondary' : undefined}
        />
      ),
    },
    {
      title: t('contracts.field.owner'),
      key: 'owner',
      render: (_, contract) => <OwnerName name={contract.ownerName} />,
    },
  ];
}
