import { CalendarOutlined, DeleteOutlined, EditOutlined, FundOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Skeleton, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative } from '../../components/format';
import { LoadMore } from '../../components/load-more';
import { useUndoMessage } from '../crm/use-undo-message';
import { AttachmentList } from './follow-up-attachments';
import {
  followUpApi,
  refreshFollowUps,
  useCustomerFollowUps,
  type FollowUp,
  type FollowUpAttachment,
} from './follow-up-api';
import { FollowUpEditModal } from './follow-up-edit-modal';
import { FOLLOW_UP_LOOK } from './follow-up-look';

function FollowUpEntry({ followUp, onEdit }: { followUp: FollowUp; onEdit: (followUp: FollowUp) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showUndo = useUndoMessage();
  const look = FOLLOW_UP_LOOK[followUp.type];

  const report = (error: unknown) => void message.error(error instanceof Error ? error.message : String(error));
  const restore = async () => {
    try {
      await followUpApi.restore(followUp.id);
      void message.success(t('followUps.restored'));
    } catch (error) {
      report(error);
    } finally {
      void refreshFollowUps(queryClient);
    }
  };
  const remove = async () => {
    try {
      await followUpApi.remove(followUp.id);
      showUndo(t('followUps.deleted'), restore);
    } catch (error) {
      report(error);
    } finally {
      void refreshFollowUps(queryClient);
    }
  };
  const detach = async (attachment: FollowUpAttachment) => {
    try {
      await followUpApi.detach(attachment.id);
      void message.success(t('followUps.attachments.removed', { name: attachment.fileName }));
    } catch (error) {
      report(error);
    } finally {
      void refreshFollowUps(queryClient);
    }
  };

  return (
    <div data-testid="follow-up-entry">
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Flex gap={8} wrap align="baseline" style={{ minWidth: 0 }}>
          <Typography.Text strong>{followUp.authorName ?? t('followUps.formerMember')}</Typography.Text>
          <Tag color={look.color} bordered={false} style={{ marginInlineEnd: 0 }}>
            {t(`followUps.type.${followUp.type}`)}
          </Tag>
          {followUp.contactName ? (
            <Typography.Text type="secondary">
              <UserOutlined style={{ marginInlineEnd: 4 }} />
              {followUp.contactName}
            </Typography.Text>
          ) : null}
          {followUp.dealName ? (
            <Typography.Text type="secondary">
              <FundOutlined style={{ marginInlineEnd: 4 }} />
              {followUp.dealName}
            </Typography.Text>
          ) : null}
          <Tooltip title={formatDateTime(followUp.occurredAt)}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatRelative(followUp.occurredAt)}
            </Typography.Text>
          </Tooltip>
        </Flex>
        {followUp.canEdit ? (
          <Flex gap={2} style={{ flex: '0 0 auto' }}>
            <Tooltip title={t('followUps.edit')}>
              <Button
                type="text"
                size="small"
                icon={<EditOutlined />}
                aria-label={t('followUps.edit')}
                onClick={() => onEdit(followUp)}
              />
            </Tooltip>
            <Tooltip title={t('followUps.delete')}>
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('followUps.delete')}
                onClick={() => void remove()}
              />
            </Tooltip>
          </Flex>
        ) : null}
      </Flex>
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap', margin: '6px 0 8px' }}
        ellipsis={{
          rows: 6,
          expandable: 'collapsible',
          symbol: (expanded) => (expanded ? t('followUps.less') : t('followUps.more')),
        }}
        data-testid="follow-up-content"
      >
        {followUp.content}
      </Typography.Paragraph>
      <Flex vertical gap={6}>
        <AttachmentList attachments={followUp.attachments} {...(followUp.canEdit ? { onRemove: detach } : {})} />
        {followUp.nextFollowUpAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="follow-up-next">
            <CalendarOutlined style={{ marginInlineEnd: 6 }} />
            {t('followUps.nextLine', {
              when: formatDateTime(followUp.nextFollowUpAt),
              relative: formatRelative(followUp.nextFollowUpAt),
            })}
          </Typography.Text>
        ) : null}
      </Flex>
    </div>
  );
}

/** A customer's follow-ups, newest first: who did what, when, with which files and what comes next. */
export function FollowUpTimeline({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const list = useCustomerFollowUps(customerId);
  const [editing, setEditing] = useState<FollowUp | null>(null);

  if (list.isPending) {
    return <Skeleton active avatar paragraph={{ rows: 3 }} />;
  }
  if (list.isError) {
    return (
      <Typography.Paragraph type="danger" role="alert">
        {list.error.message}
      </Typography.Paragraph>
    );
  }
  const items = list.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('followUps.empty')} />;
  }
  return (
    <>
      <Timeline
        data-testid="follow-up-timeline"
        items={items.map((followUp) => ({
          key: followUp.id,
          color: FOLLOW_UP_LOOK[followUp.type].color,
          icon: (
            <span style={{ color: FOLLOW_UP_LOOK[followUp.type].color, fontSize: 15 }}>
              {FOLLOW_UP_LOOK[followUp.type].icon}
            </span>
          ),
          content: <FollowUpEntry followUp={followUp} onEdit={setEditing} />,
        }))}
      />
      <LoadMore pages={list} label={t('customers.list.loadMore')} />
      {editing ? <FollowUpEditModal followUp={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
