import { DeleteOutlined, EditOutlined, MailOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { PhoneLink, RelativeTime } from '../customers/customer-cells';
import type { SortOrder } from '../customers/customer-types';
import type { Contact, ContactSortKey } from './contact-api';
import { useContactActions } from './use-contact-actions';
import { dash } from '../../components/fact-list';

interface ContactTableProps {
  contacts: Contact[];
  loading: boolean;
  /** The contacts page names each contact's customer; the customer's own page does not. */
  showCustomer?: boolean;
  /** Server-side sorting, when the table offers it. */
  sort?: { key: ContactSortKey; order: SortOrder; onChange: (key: ContactSortKey | null, order: SortOrder) => void };
  onEdit: (contact: Contact) => void;
  emptyText?: TableProps<Contact>['locale'];
}

const SORTABLE: ReadonlySet<string> = new Set<ContactSortKey>(['name', 'createdAt', 'updatedAt']);

export function ContactTable({ contacts, loading, showCustomer = false, sort, onEdit, emptyText }: ContactTableProps) {
  const { t } = useTranslation();
  const actions = useContactActions();
  // Moving to the trash needs crm.delete on top of the right to edit the contact.
  const { canDelete } = useCrmPermissions();

  const sortProps = (key: ContactSortKey) =>
    sort && SORTABLE.has(key)
      ? {
          sorter: true,
          sortOrder: sort.key === key ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
        }
      : {};

  const emailLink = (contact: Contact) =>
    contact.email ? (
      <a href={`mailto:${contact.email}`} style={{ whiteSpace: 'nowrap' }}>
        <MailOutlined style={{ marginInlineEnd: 6 }} />
        {contact.email}
      </a>
    ) : null;
  // On a customer's page the table shares the width with the details card: mobile and e-mail share a column.
  const compact = !showCustomer;

  const columns: TableColumnsType<Contact> = [
    {
      title: t('contacts.field.name'),
      key: 'name',
      ...sortProps('name'),
      render: (_, contact) => (
        <div style={{ minWidth: 120 }}>
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong>{contact.name}</Typography.Text>
            {contact.isPrimary ? (
              <Tag color="gold" icon={<StarFilled />} style={{ marginInlineEnd: 0 }} data-testid="primary-contact">
                {t('contacts.primary')}
              </Tag>
            ) : null}
          </Flex>
          {contact.title ? (
            <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }}>
              {contact.title}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    ...(showCustomer
      ? [
          {
            title: t('contacts.field.customer'),
            key: 'customer',
            render: (_: unknown, contact: Contact) => (
              <Link to={`/customers/${contact.customerId}`}>{contact.customerName}</Link>
            ),
          },
        ]
      : []),
    ...(compact
      ? [
          {
            title: t('contacts.field.reach'),
            key: 'reach',
            render: (_: unknown, contact: Contact) =>
              contact.mobile || contact.email ? (
                <Flex vertical gap={2}>
                  {contact.mobile ? <PhoneLink phone={contact.mobile} icon /> : null}
                  {emailLink(contact)}
                </Flex>
              ) : (
                dash
              ),
          },
        ]
      : [
          {
            title: t('contacts.field.mobile'),
            key: 'mobile',
            render: (_: unknown, contact: Contact) => <PhoneLink phone={contact.mobile} />,
          },
          {
            title: t('contacts.field.email'),
            key: 'email',
            render: (_: unknown, contact: Contact) => emailLink(contact) ?? dash,
          },
        ]),
    {
      title: t('contacts.field.wechat'),
      key: 'wechat',
      render: (_, contact) => contact.wechat ?? dash,
    },
    ...(compact
      ? []
      : [
          {
            title: t('contacts.field.updatedAt'),
            key: 'updatedAt',
            ...sortProps('updatedAt'),
            render: (_: unknown, contact: Contact) => <RelativeTime value={contact.updatedAt} />,
          },
        ]),
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      render: (_, contact) =>
        contact.canEdit ? (
          <Flex gap={2} justify="flex-end">
            {contact.isPrimary ? null : (
              <Tooltip title={t('contacts.action.markPrimary')}>
                <Button
                  type="text"
                  size="small"
                  icon={<StarOutlined />}
                  aria-label={t('contacts.action.markPrimaryFor', { name: contact.name })}
                  onClick={() => void actions.markPrimary(contact)}
                />
              </Tooltip>
            )}
            <Tooltip title={t('contacts.action.edit')}>
              <Button
                type="text"
                size="small"
                icon={<EditOutlined />}
                aria-label={t('contacts.action.editFor', { name: contact.name })}
                onClick={() => onEdit(contact)}
              />
            </Tooltip>
            {canDelete ? (
              <Tooltip title={t('contacts.action.delete')}>
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('contacts.action.deleteFor', { name: contact.name })}
                  onClick={() => void actions.remove(contact)}
                />
              </Tooltip>
            ) : null}
          </Flex>
        ) : null,
    },
  ];

  return (
    <Table<Contact>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={contacts}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      showSorterTooltip={false}
      {...(emptyText ? { locale: emptyText } : {})}
      onChange={(_pagination, _filters, sorter) => {
        const single = Array.isArray(sorter) ? sorter[0] : sorter;
        if (!sort) {
          return;
        }
        if (!single?.order || typeof single.columnKey !== 'string') {
          sort.onChange(null, 'desc');
        } else {
          sort.onChange(single.columnKey as ContactSortKey, single.order === 'ascend' ? 'asc' : 'desc');
        }
      }}
    />
  );
}
