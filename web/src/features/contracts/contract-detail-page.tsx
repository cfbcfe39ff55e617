import {
  DeleteOutlined,
  DollarOutlined,
  EditOutlined,
  HistoryOutlined,
  ShopOutlined,
  SwapOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Breadcrumb, Button, Card, Col, Flex, Progress, Result, Row, Skeleton, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FactList, dash } from '../../components/fact-list';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Language } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { useDocumentTitle } from '../../components/use-document-title';
import { isNotFound } from '../crm/crm-errors';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { OwnerName } from '../customers/customer-cells';
import { HistoryTimeline } from '../customers/customer-history';
import { useContract, useContractHistory } from './contract-api';
import { ContractStatusTag } from './contract-cells';
import { ContractFormDrawer } from './contract-form-drawer';
import { ContractTransferModal } from './contract-transfer-modal';
import { SharedWithYouTag, ShareButton } from '../sharing/record-sharing';
import type { Contract } from './contract-types';
import { formatMoney, paidPercent } from '../crm/money-format';
import { PaymentFormModal } from './payment-form-modal';
import { PaymentList } from './payment-list';
import { useDeleteContract } from './use-delete-contract';

function ContractNotFound() {
  const { t } = useTranslation();
  useDocumentTitle(t('contracts.notFound.title'));
  return (
    <Result
      status="404"
      title={t('contracts.notFound.title')}
      subTitle={t('contracts.notFound.text')}
      extra={
        <Link to="/contracts">
          <Button type="primary">{t('contracts.notFound.back')}</Button>
        </Link>
      }
    />
  );
}

/** Amount, received and still due in large figures, with the paid share as a bar. */
function MoneySummary({ contract }: { contract: Contract }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage as Language;
  const percent = paidPercent(contract.paidAmount, contract.amount);
  const figure = (label: string, amount: string, testId: string, color?: string) => (
    <div style={{ minWidth: 150 }}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div style={{ fontSize: 22, fontWeight: 600, fontVariantNumeric: 'tabular-nums', color }} data-testid={testId}>
        {formatMoney(amount, contract.currency, language)}
      </div>
    </div>
  );
  return (
    <Flex vertical gap={12}>
      <Flex gap={40} wrap>
        {figure(t('contracts.field.amount'), contract.amount, 'contract-amount')}
        {figure(t('contracts.field.paidAmount'), contract.paidAmount, 'contract-paid', '#389e0d')}
        {figure(
          t('contracts.field.balance'),
          contract.balance,
          'contract-balance',
          contract.balance === '0.00' ? undefined : '#d46b08',
        )}
      </Flex>
      <div>
        <Progress percent={percent} status={percent >= 100 ? 'success' : 'active'} data-testid="contract-progress" />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {contract.lastPaymentDate === null
            ? t('contracts.detail.noPayments')
            : t('contracts.detail.paymentsSummary', { count: contract.paymentCount, date: contract.lastPaymentDate })}
        </Typography.Text>
      </div>
    </Flex>
  );
}

function ContractFacts({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  return (
    <FactList
      testId="contract-facts"
      items={[
        {
          key: 'customer',
          label: t('contracts.field.customer'),
          children: contract.customerVisible ? (
            <Link to={`/customers/${contract.customerId}`}>{contract.customerName}</Link>
          ) : (
            contract.customerName
          ),
        },
        { key: 'deal', label: t('contracts.field.deal'), children: contract.dealName ?? dash },
        { key: 'owner', label: t('contracts.field.owner'), children: <OwnerName name={contract.ownerName} /> },
        { key: 'currency', label: t('contracts.field.currency'), children: contract.currency },
        { key: 'signedDate', label: t('contracts.field.signedDate'), children: contract.signedDate ?? dash },
        {
          key: 'term',
          label: t('contracts.detail.term'),
          children:
            contract.startDate || contract.endDate ? `${contract.startDate ?? '…'} – ${contract.endDate ?? '…'}` : dash,
        },
        {
          key: 'createdAt',
          label: t('contracts.field.createdAt'),
          children: (
            <span>
              {formatDateTime(contract.createdAt)}
              {contract.createdByName ? (
                <Typography.Text type="secondary"> · {contract.createdByName}</Typography.Text>
              ) : null}
            </span>
          ),
        },
        { key: 'updatedAt', label: t('contracts.field.updatedAt'), children: formatDateTime(contract.updatedAt) },
      ]}
    />
  );
}

/** One contract: its money at a glance, its facts, the payments with their running balance, and its history. */
export function ContractDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const permissions = useCrmPermissions();
  const contract = useContract(id);
  const [searchParams, setSearchParams] = useSearchParams();
  const history = useContractHistory(id, searchParams.get('tab') === 'history');
  const [editing, setEditing] = useState(false);
  const [recording, setRecording] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const deleteContract = useDeleteContract();
  useDocumentTitle(contract.data ? `${contract.data.number} · ${contract.data.title}` : t('contracts.title'));

  if (contract.isPending) {
    return (
      <Card variant="borderless">
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (contract.isError) {
    return isNotFound(contract.error) ? (
      <ContractNotFound />
    ) : (
      <Result
        status="error"
        title={contract.error.message}
        extra={<Button onClick={() => void contract.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  const record = contract.data;
  const tab = searchParams.get('tab') === 'history' ? 'history' : 'payments';

  return (
    <Flex vertical gap={16}>
      <Breadcrumb items={[{ title: <Link to="/contracts">{t('contracts.title')}</Link> }, { title: record.number }]} />
      <Card variant="borderless">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ minWidth: 0 }}>
            <Flex gap={10} align="center" wrap>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="contract-number">
                {record.number}
              </Typography.Title>
              <ContractStatusTag status={record.status} />
              <SharedWithYouTag kind="contracts" recordId={record.id} />
              {record.canEdit ? null : (
                <Typography.Text type="secondary">{t('contracts.detail.readOnly')}</Typography.Text>
              )}
            </Flex>
            <Typography.Text style={{ display: 'block', marginTop: 4, fontSize: 15 }}>{record.title}</Typography.Text>
            <Flex gap={16} wrap style={{ marginTop: 6 }}>
              <Typography.Text type="secondary">
                <ShopOutlined style={{ marginInlineEnd: 6 }} />
                {record.customerName}
              </Typography.Text>
              <Typography.Text type="secondary">
                <UserOutlined style={{ marginInlineEnd: 6 }} />
                {t('contracts.detail.ownerLine', { name: record.ownerName ?? '—' })}
              </Typography.Text>
            </Flex>
          </div>
          <Flex gap={8} wrap>
            {record.canEdit && record.balance !== '0.00' ? (
              <Button type="primary" icon={<DollarOutlined />} onClick={() => setRecording(true)}>
                {t('contracts.payments.record')}
              </Button>
            ) : null}
            {record.canEdit ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('contracts.action.edit')}
              </Button>
            ) : null}
            {record.canEdit && permissions.canListMembers ? (
              <Button icon={<SwapOutlined />} onClick={() => setTransferring(true)}>
                {t('contracts.action.transfer')}
              </Button>
            ) : null}
            <ShareButton kind="contracts" recordId={record.id} recordLabel={record.number} ownerId={record.ownerId} />
            {record.canDelete ? (
              <Button
                danger
                icon={<DeleteOutlined />}
                onClick={() => deleteContract(record, () => void navigate('/contracts'))}
              >
                {t('contracts.action.delete')}
              </Button>
            ) : null}
          </Flex>
        </Flex>
      </Card>
      <Card variant="borderless">
        <MoneySummary contract={record} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card variant="borderless" title={t('contracts.detail.facts')}>
            <ContractFacts contract={record} />
            {record.notes ? (
              <>
                <Typography.Text type="secondary" style={{ display: 'block', margin: '12px 0 4px' }}>
                  {t('contracts.field.notes')}
                </Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {record.notes}
                </Typography.Paragraph>
              </>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card variant="borderless" styles={{ body: { paddingTop: 4 } }}>
            <Tabs
              activeKey={tab}
              onChange={(next) => setSearchParams(next === 'history' ? { tab: 'history' } : {}, { replace: true })}
              items={[
                {
                  key: 'payments',
                  icon: <DollarOutlined />,
                  label: t('contracts.detail.paymentsTab', { count: record.paymentCount }),
                  children: <PaymentList contract={record} onRecord={() => setRecording(true)} />,
                },
                {
                  key: 'history',
                  icon: <HistoryOutlined />,
                  label: t('contracts.detail.historyTab'),
                  children: <HistoryTimeline history={history} testId="contract-history" ownRecord />,
                },
              ]}
              destroyOnHidden
            />
          </Card>
        </Col>
      </Row>
      {editing ? <ContractFormDrawer contract={record} onClose={() => setEditing(false)} /> : null}
      {recording ? <PaymentFormModal contract={record} onClose={() => setRecording(false)} /> : null}
      {transferring ? <ContractTransferModal contract={record} onClose={() => setTransferring(false)} /> : null}
    </Flex>
  );
}
