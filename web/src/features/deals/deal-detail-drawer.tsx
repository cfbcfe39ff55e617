import { DeleteOutlined, EditOutlined, SwapOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Flex, Result, Select, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../components/format';
import { HistoryTimeline } from '../customers/customer-history';
import { formatMoney } from '../crm/money-format';
import { isNotFound } from '../crm/crm-errors';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { useUndoMessage } from '../crm/use-undo-message';
import { OwnerTransferDialog } from '../crm/owner-transfer-dialog';
import {
  dealApi,
  dealKeys,
  refreshDeals,
  useDeal,
  useDealHistory,
  useDealTransferOptions,
  usePipeline,
} from './deal-api';
import { STAGE_KIND_COLORS, dealStageLabel, isOverdue, stageLabel } from './deal-format';
import { DealFormDrawer } from './deal-form-drawer';
import { SharedWithYouTag, ShareButton } from '../sharing/record-sharing';
import type { Deal, Stage } from './deal-types';
import { LostReasonDialog } from './lost-reason-dialog';
import { dash } from '../../components/fact-list';

function DealFacts({ deal }: { deal: Deal }) {
  const { t, i18n } = useTranslation();
  return (
    <Descriptions
      column={1}
      size="small"
      colon={false}
      styles={{ label: { width: 136 } }}
      data-testid="deal-facts"
      items={[
        {
          key: 'customer',
          label: t('deals.field.customer'),
          children: <Link to={`/customers/${deal.customerId}`}>{deal.customerName}</Link>,
        },
        {
          key: 'amount',
          label: t('deals.field.amount'),
          children: (
            <Typography.Text strong>
              {formatMoney(deal.amount, deal.currency, i18n.resolvedLanguage ?? 'en')}
            </Typography.Text>
          ),
        },
        { key: 'probability', label: t('deals.field.probability'), children: `${deal.probability}%` },
        {
          key: 'expectedCloseDate',
          label: t('deals.field.expectedCloseDate'),
          children: deal.expectedCloseDate ? (
            <Typography.Text type={isOverdue(deal) ? 'danger' : undefined}>{deal.expectedCloseDate}</Typography.Text>
          ) : (
            dash
          ),
        },
        { key: 'owner', label: t('deals.field.owner'), children: deal.ownerName ?? t('deals.noOwner') },
        { key: 'contact', label: t('deals.field.contact'), children: deal.contactName ?? dash },
        ...(deal.lostReason
          ? [{ key: 'lostReason', label: t('deals.field.lostReason'), children: deal.lostReason }]
          : []),
        ...(deal.closedAt
          ? [{ key: 'closedAt', label: t('deals.field.closedAt'), children: formatDateTime(deal.closedAt) }]
          : []),
        {
          key: 'stageChangedAt',
          label: t('deals.field.stageChangedAt'),
          children: formatDateTime(deal.stageChangedAt),
        },
        {
          key: 'createdAt',
          label: t('deals.field.createdAt'),
          children: (
            <span>
              {formatDateTime(deal.createdAt)}
              {deal.createdByName ? <Typography.Text type="secondary"> · {deal.createdByName}</Typography.Text> : null}
            </span>
          ),
        },
        ...(deal.notes
          ? [
              {
                key: 'notes',
                label: t('deals.field.notes'),
                children: <span style={{ whiteSpace: 'pre-wrap' }}>{deal.notes}</span>,
              },
            ]
          : []),
      ]}
    />
  );
}

/** A deal at a glance, with its stage switcher, actions and history; opened from the board, the list or a customer. */
export function DealDetailDrawer({ dealId, onClose }: { dealId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const transferOptions = useDealTransferOptions();
  const permissions = useCrmPermissions();
  const showUndo = useUndoMessage();
  const deal = useDeal(dealId);
  const history = useDealHistory(dealId);
  const pipeline = usePipeline();
  const [editing, setEditing] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [askingLost, setAskingLost] = useState<Stage | null>(null);
  const [moving, setMoving] = useState(false);

  const moveTo = async (record: Deal, stage: Stage, lostReason?: string) => {
    setMoving(true);
    try {
      const saved = await dealApi.move(record.id, record.version, stage.id, lostReason);
      queryClient.setQueryData(dealKeys.detail(saved.id), saved);
      void refreshDeals(queryClient);
      void message.success(t('deals.board.moved', { name: saved.name, stage: stageLabel(t, stage) }));
    } catch (error) {
      void message.error(
        t('deals.board.moveFailed', { name: record.name, reason: error instanceof Error ? error.message : '' }),
      );
      void queryClient.invalidateQueries({ queryKey: dealKeys.detail(record.id) });
    } finally {
      setMoving(false);
      setAskingLost(null);
    }
  };

  const remove = (record: Deal) =>
    void modal.confirm({
      title: t('deals.delete.confirm', { name: record.name }),
      content: t('deals.delete.confirmText'),
      okText: t('deals.delete.submit'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        await dealApi.remove(record.id);
        void refreshDeals(queryClient);
        onClose();
        showUndo(t('deals.delete.done', { name: record.name }), async () => {
          try {
            await dealApi.restore(record.id);
            void refreshDeals(queryClient);
            void message.success(t('deals.trash.restored', { name: record.name }));
          } catch (error) {
            void message.error(error instanceof Error ? error.message : String(error));
          }
        });
      },
    });

  const record = deal.data;
  const stages = pipeline.data?.stages ?? [];
  return (
    <Drawer
      open
      onClose={onClose}
      size={560}
      title={record?.name ?? t('deals.detail.title')}
      destroyOnHidden
      data-testid="deal-detail"
    >
      {deal.isPending ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {deal.isError ? (
        isNotFound(deal.error) ? (
          <Result status="404" title={t('deals.notFound.title')} subTitle={t('deals.notFound.text')} />
        ) : (
          <Result status="error" title={deal.error.message} />
        )
      ) : null}
      {record ? (
        <Flex vertical gap={16}>
          <Flex justify="space-between" align="center" gap={8} wrap>
            {record.canEdit ? (
              <Select<string>
                aria-label={t('deals.field.stage')}
                value={record.stageId}
                loading={moving}
                disabled={moving}
                style={{ minWidth: 180 }}
                options={stages.map((stage) => ({ value: stage.id, label: stageLabel(t, stage) }))}
                onChange={(stageId) => {
                  const stage = stages.find((candidate) => candidate.id === stageId);
                  if (stage?.kind === 'lost') {
                    setAskingLost(stage);
                  } else if (stage) {
                    void moveTo(record, stage);
                  }
                }}
              />
            ) : (
              <Tag color={STAGE_KIND_COLORS[record.stageKind]}>{dealStageLabel(t, record)}</Tag>
            )}
            <Flex gap={8} wrap>
              {record.canEdit ? (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                  {t('deals.action.edit')}
                </Button>
              ) : null}
              {record.canEdit && permissions.canListMembers ? (
                <Button icon={<SwapOutlined />} onClick={() => setTransferring(true)}>
                  {t('deals.action.transfer')}
                </Button>
              ) : null}
              <ShareButton kind="deals" recordId={record.id} recordLabel={record.name} ownerId={record.ownerId} />
              {record.canDelete ? (
                <Button
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('deals.action.delete')}
                  onClick={() => remove(record)}
                />
              ) : null}
            </Flex>
          </Flex>
          <SharedWithYouTag kind="deals" recordId={record.id} />
          <DealFacts deal={record} />
          <div>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('deals.detail.history')}
            </Typography.Title>
            <HistoryTimeline history={history} testId="deal-history" ownRecord />
          </div>
        </Flex>
      ) : null}
      {editing && record ? <DealFormDrawer deal={record} onClose={() => setEditing(false)} /> : null}
      {transferring && record ? (
        <OwnerTransferDialog records={[record]} {...transferOptions} onClose={() => setTransferring(false)} />
      ) : null}
      {askingLost && record ? (
        <LostReasonDialog
          dealName={record.name}
          stageName={stageLabel(t, askingLost)}
          saving={moving}
          onCancel={() => setAskingLost(null)}
          onSubmit={(reason) => void moveTo(record, askingLost, reason)}
        />
      ) : null}
    </Drawer>
  );
}
