import { DeleteOutlined, EditOutlined, ShopOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Breadcrumb, Button, Card, Col, Flex, Result, Row, Skeleton, Tabs, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FactList, dash } from '../../components/fact-list';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { formatDateTime, initialsOf } from '../../components/format';
import { useDocumentTitle } from '../../components/use-document-title';
import { CustomerContractsTab } from '../contracts/customer-contracts-tab';
import { isNotFound } from '../crm/crm-errors';
import { CustomerDealsTab } from '../deals/customer-deals-tab';
import { CustomerFollowUpsTab } from '../follow-ups/customer-follow-ups-tab';
import { CustomerTasksTab } from '../tasks/customer-tasks-tab';
import { PoolActions } from '../pool/pool-actions';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { useCustomerPage } from './customer-overview';
import { LevelTag, OwnerName, PhoneLink, RelativeTime, StatusTag, TagList, WebsiteLink } from './customer-cells';
import { CustomerContactsTab } from './customer-contacts-tab';
import { CustomerFormDrawer } from './customer-form-drawer';
import { CustomerHistory } from './customer-history';
import type { Customer } from './customer-types';
import { TransferDialog } from './transfer-dialog';
import { SharedWithYouTag, ShareButton } from '../sharing/record-sharing';
import { useDeleteCustomers } from './use-delete-customers';

type DetailTab = 'follow-ups' | 'contacts' | 'deals' | 'tasks' | 'contracts' | 'history';
const DETAIL_TABS: readonly DetailTab[] = ['follow-ups', 'contacts', 'deals', 'tasks', 'contracts', 'history'];

function CustomerNotFound() {
  const { t } = useTranslation();
  useDocumentTitle(t('customers.notFound.title'));
  return (
    <Result
      status="404"
      title={t('customers.notFound.title')}
      subTitle={t('customers.notFound.text')}
      extra={
        <Link to="/customers">
          <Button type="primary">{t('customers.notFound.back')}</Button>
        </Link>
      }
    />
  );
}

function CustomerFacts({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  return (
    <FactList
      testId="customer-facts"
      items={[
        { key: 'owner', label: t('customers.field.owner'), children: <OwnerName name={customer.ownerName} /> },
        { key: 'level', label: t('customers.field.level'), children: <LevelTag level={customer.level} /> },
        { key: 'status', label: t('customers.field.status'), children: <StatusTag status={customer.status} /> },
        {
          key: 'source',
          label: t('customers.field.source'),
          children: customer.source ? t(`customers.source.${customer.source}`) : dash,
        },
        { key: 'industry', label: t('customers.field.industry'), children: customer.industry ?? dash },
        { key: 'phone', label: t('customers.field.phone'), children: <PhoneLink phone={customer.phone} /> },
        { key: 'website', label: t('customers.field.website'), children: <WebsiteLink website={customer.website} /> },
        { key: 'address', label: t('customers.field.address'), children: customer.address ?? dash },
        { key: 'tags', label: t('customers.field.tags'), children: <TagList tags={customer.tags} /> },
        {
          key: 'lastFollowUpAt',
          label: t('customers.field.lastFollowUpAt'),
          children: <RelativeTime value={customer.lastFollowUpAt} empty={t('customers.neverFollowedUp')} />,
        },
        {
          key: 'createdAt',
          label: t('customers.field.createdAt'),
          children: (
            <span>
              {formatDateTime(customer.createdAt)}
              {customer.createdByName ? (
                <Typography.Text type="secondary"> · {customer.createdByName}</Typography.Text>
              ) : null}
            </span>
          ),
        },
        { key: 'updatedAt', label: t('customers.field.updatedAt'), children: formatDateTime(customer.updatedAt) },
      ]}
    />
  );
}

/** The customer's 360° page: who and what it is, its follow-ups, contacts, tasks, contracts and history. */
export function CustomerDetailPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const permissions = useCrmPermissions();
  const customer = useCustomerPage(id);
  const [searchParams, setSearchParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const deleteCustomers = useDeleteCustomers();
  useDocumentTitle(customer.data?.name ?? t('customers.title'));

  if (customer.isPending) {
    return (
      <Card variant="borderless">
        <Skeleton active avatar paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (customer.isError) {
    if (isNotFound(customer.error)) {
      return <CustomerNotFound />;
    }
    return (
      <Result
        status="error"
        title={customer.error.message}
        extra={<Button onClick={() => void customer.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }

  const record = customer.data;
  const tab: DetailTab = DETAIL_TABS.find((key) => key === searchParams.get('tab')) ?? 'follow-ups';
  const canTransfer = record.canEdit && permissions.canListMembers;

  return (
    <Flex vertical gap={16}>
      <Breadcrumb items={[{ title: <Link to="/customers">{t('customers.title')}</Link> }, { title: record.name }]} />
      <Card variant="borderless">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <Flex gap={16} align="center" style={{ minWidth: 0 }}>
            <Avatar
              size={56}
              shape="square"
              style={{ background: token.colorPrimaryBg, color: token.colorPrimary, fontSize: 20, flex: '0 0 auto' }}
            >
              {/* Latin names read well as initials; a Chinese company name's last characters (公司) would not. */}
              {/[\u4e00-\u9fff]/.test(record.name) ? <ShopOutlined /> : initialsOf(record.name)}
            </Avatar>
            <div style={{ minWidth: 0 }}>
              <Flex gap={10} align="center" wrap>
                <Typography.Title level={3} style={{ margin: 0 }} data-testid="customer-name">
                  {record.name}
                </Typography.Title>
                <LevelTag level={record.level} />
                <StatusTag status={record.status} />
                <SharedWithYouTag kind="customers" recordId={record.id} />
              </Flex>
              <Flex gap={16} wrap style={{ marginTop: 6 }}>
                <Typography.Text type="secondary" data-testid="customer-owner">
                  <UserOutlined style={{ marginInlineEnd: 6 }} />
                  {t('customers.detail.ownerLine', { name: record.ownerName ?? t('customers.noOwner') })}
                </Typography.Text>
                {record.phone ? <PhoneLink phone={record.phone} icon /> : null}
                {record.website ? <WebsiteLink website={record.website} icon /> : null}
              </Flex>
            </div>
          </Flex>
          <Flex gap={8} wrap>
            {record.canEdit ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('customers.action.edit')}
              </Button>
            ) : null}
            {canTransfer ? (
              <Button icon={<SwapOutlined />} onClick={() => setTransferring(true)}>
                {t('customers.action.transfer')}
              </Button>
            ) : null}
            <ShareButton kind="customers" recordId={record.id} recordLabel={record.name} ownerId={record.ownerId} />
            <PoolActions customer={record} />
            {record.canDelete ? (
              <Button
                danger
                icon={<DeleteOutlined />}
                onClick={() => deleteCustomers([record], () => void navigate('/customers'))}
              >
                {t('customers.action.delete')}
              </Button>
            ) : null}
          </Flex>
        </Flex>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card variant="borderless" title={t('customers.detail.facts')}>
            <CustomerFacts customer={record} />
            {record.notes ? (
              <>
                <Typography.Text type="secondary" style={{ display: 'block', margin: '12px 0 4px' }}>
                  {t('customers.field.notes')}
                </Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {record.notes}
                </Typography.Paragraph>
              </>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card variant="borderless" styles={{ body: { paddingTop: 4 } }}>
            {/* Text-only tabs: six of them fit beside the details card at 1280 px without an overflow menu. */}
            <Tabs
              activeKey={tab}
              onChange={(next) => setSearchParams(next === 'follow-ups' ? {} : { tab: next }, { replace: true })}
              items={[
                {
                  key: 'follow-ups',
                  label: t('followUps.tab'),
                  children: <CustomerFollowUpsTab customer={record} />,
                },
                {
                  key: 'contacts',
                  label: t('customers.detail.contactsTab', { count: record.contactCount }),
                  children: <CustomerContactsTab customer={record} />,
                },
                {
                  key: 'tasks',
                  label: t('tasks.tab'),
                  children: <CustomerTasksTab customer={record} />,
                },
                {
                  key: 'deals',
                  label: t('deals.tab', { count: record.dealCount }),
                  children: <CustomerDealsTab customer={record} />,
                },
                {
                  key: 'contracts',
                  label: t('contracts.tab'),
                  children: <CustomerContractsTab customer={record} />,
                },
                {
                  key: 'history',
                  label: t('customers.detail.historyTab'),
                  children: <CustomerHistory customerId={record.id} />,
                },
              ]}
              destroyOnHidden
            />
          </Card>
        </Col>
      </Row>
      {editing ? <CustomerFormDrawer customer={record} onClose={() => setEditing(false)} /> : null}
      {transferring ? <TransferDialog customers={[record]} onClose={() => setTransferring(false)} /> : null}
    </Flex>
  );
}
