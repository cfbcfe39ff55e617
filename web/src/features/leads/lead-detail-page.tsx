import { DeleteOutlined, EditOutlined, SwapOutlined, UserOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Col, Flex, Result, Row, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FactList, dash } from '../../components/fact-list';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDateTime } from '../../components/format';
import { useDocumentTitle } from '../../components/use-document-title';
import { isNotFound } from '../crm/crm-errors';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { useUndoMessage } from '../crm/use-undo-message';
import { OwnerName } from '../customers/customer-cells';
import { HistoryTimeline } from '../customers/customer-history';
import { leadApi, refreshLeads, useLead, useLeadHistory } from './lead-api';
import { LeadConvertDialog } from './lead-convert-dialog';
import { LeadFormDrawer } from './lead-form-drawer';
import { LeadStatusTag } from './lead-labels';
import { SharedWithYouTag, ShareButton } from '../sharing/record-sharing';
import { LeadTransferDialog } from './lead-transfer-dialog';
import type { Lead } from './lead-types';

function LeadFacts({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  return (
    <FactList
      testId="lead-facts"
      items={[
        { key: 'company', label: t('leads.field.company'), children: lead.company ?? dash },
        { key: 'phone', label: t('leads.field.phone'), children: lead.phone ?? dash },
        { key: 'email', label: t('leads.field.email'), children: lead.email ?? dash },
        {
          key: 'source',
          label: t('leads.field.source'),
          children: lead.source ? t(`customers.source.${lead.source}`) : dash,
        },
        { key: 'owner', label: t('leads.field.owner'), children: <OwnerName name={lead.ownerName} /> },
        ...(lead.unqualifiedReason
          ? [{ key: 'reason', label: t('leads.field.unqualifiedReason'), children: lead.unqualifiedReason }]
          : []),
        {
          key: 'createdAt',
          label: t('leads.field.createdAt'),
          children: (
            <span>
              {formatDateTime(lead.createdAt)}
              {lead.createdByName ? <Typography.Text type="secondary"> · {lead.createdByName}</Typography.Text> : null}
            </span>
          ),
        },
        { key: 'updatedAt', label: t('leads.field.updatedAt'), children: formatDateTime(lead.updatedAt) },
        ...(lead.notes
          ? [
              {
                key: 'notes',
                label: t('leads.field.notes'),
                children: <span style={{ whiteSpace: 'pre-wrap' }}>{lead.notes}</span>,
              },
            ]
          : []),
      ]}
    />
  );
}

/** One lead: its facts, edit / convert / delete, whether and into what it was converted, and its history. */
export function LeadDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const showUndo = useUndoMessage();
  const lead = useLead(id);
  const history = useLeadHistory(id);
  const [editing, setEditing] = useState(false);
  const [converting, setConverting] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const permissions = useCrmPermissions();
  useDocumentTitle(lead.data?.name ?? t('leads.title'));

  if (lead.isPending) {
    return (
      <Card variant="borderless">
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (lead.isError) {
    return isNotFound(lead.error) ? (
      <Result
        status="404"
        title={t('leads.notFound')}
        extra={
          <Link to="/leads">
            <Button type="primary">{t('leads.back')}</Button>
          </Link>
        }
      />
    ) : (
      <Result status="error" title={lead.error.message} />
    );
  }

  const record = lead.data;
  const converted = record.status === 'converted';
  const remove = () =>
    void modal.confirm({
      title: t('leads.delete.confirm', { name: record.name }),
      content: t('leads.delete.confirmText'),
      okText: t('customers.delete.submit'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        await leadApi.remove(record.id);
        void refreshLeads(queryClient);
        void navigate('/leads');
        showUndo(t('leads.delete.done', { name: record.name }), async () => {
          try {
            await leadApi.restore(record.id);
            void refreshLeads(queryClient);
            void message.success(t('leads.delete.restored', { name: record.name }));
          } catch (error) {
            void message.error(error instanceof Error ? error.message : String(error));
          }
        });
      },
    });

  return (
    <Flex vertical gap={16}>
      <Breadcrumb items={[{ title: <Link to="/leads">{t('leads.title')}</Link> }, { title: record.name }]} />
      <Card variant="borderless">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ minWidth: 0 }}>
            <Flex gap={10} align="center" wrap>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="lead-name">
                {record.name}
              </Typography.Title>
              <LeadStatusTag status={record.status} />
              <SharedWithYouTag kind="leads" recordId={record.id} />
            </Flex>
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }}>
              <UserOutlined style={{ marginInlineEnd: 6 }} />
              {[record.company, record.ownerName ?? t('customers.noOwner')].filter(Boolean).join(' · ')}
            </Typography.Text>
          </div>
          <Flex gap={8} wrap>
            {record.canEdit ? (
              <>
                <Button type="primary" icon={<SwapOutlined />} onClick={() => setConverting(true)}>
                  {t('leads.convert.open')}
                </Button>
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('customers.action.edit')}
                </Button>
                {permissions.canListMembers ? (
                  <Button icon={<UserSwitchOutlined />} onClick={() => setTransferring(true)}>
                    {t('leadTools.transfer.open')}
                  </Button>
                ) : null}
              </>
            ) : null}
            <ShareButton kind="leads" recordId={record.id} recordLabel={record.name} ownerId={record.ownerId} />
            {record.canDelete ? (
              <Button danger icon={<DeleteOutlined />} onClick={remove}>
                {t('customers.action.delete')}
              </Button>
            ) : null}
          </Flex>
        </Flex>
      </Card>
      {converted ? (
        <Alert
          type="success"
          showIcon
          data-testid="lead-converted"
          title={t('leads.converted.title', { date: record.convertedAt ? formatDateTime(record.convertedAt) : '' })}
          description={
            record.convertedCustomerId && record.convertedCustomerName ? (
              <span>
                {t('leads.converted.into')}{' '}
                <Link to={`/customers/${record.convertedCustomerId}`}>{record.convertedCustomerName}</Link>
              </span>
            ) : (
              t('leads.converted.readOnly')
            )
          }
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card variant="borderless" title={t('customers.detail.facts')}>
            <LeadFacts lead={record} />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card variant="borderless" title={t('customers.detail.historyTab')}>
            <HistoryTimeline history={history} testId="lead-history" ownRecord />
          </Card>
        </Col>
      </Row>
      {editing ? <LeadFormDrawer lead={record} onClose={() => setEditing(false)} /> : null}
      {converting ? <LeadConvertDialog lead={record} onClose={() => setConverting(false)} /> : null}
      {transferring ? <LeadTransferDialog leads={[record]} onClose={() => setTransferring(false)} /> : null}
    </Flex>
  );
}
