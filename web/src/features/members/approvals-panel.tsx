import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTimeText } from '../../components/date-time-text';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import {
  isIssuedRecoveryLink,
  memberAdminApi,
  type Approval,
  type ApprovalStatus,
  type IssuedRecoveryLink,
} from './member-admin-api';
import { refreshMembers, useApprovals } from './member-queries';
import { RecoveryLinkResult } from './recovery-link-result';

const STATUS_COLORS: Record<ApprovalStatus, string> = {
  pending: 'gold',
  approved: 'green',
  cancelled: 'default',
  rejected: 'red',
  expired: 'default',
};

/** Requests the viewer could approve now: the count on the tab's badge. */
export function approvableCount(approvals: Approval[] | undefined): number {
  return approvals?.filter((approval) => approval.status === 'pending' && approval.canApprove).length ?? 0;
}

/**
 * The two-person rule's queue: actions on owners (and ways into an admin's account) wait here until a second owner
 * (or admin) approves them. Approving runs the action, after a fresh step-up; the requester cancels, others reject.
 */
export function ApprovalsPanel({ viewerId }: { viewerId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const approvals = useApprovals(true);
  // An approved in-person recovery link is shown to the approver, once.
  const [issued, setIssued] = useState<{ link: IssuedRecoveryLink; name: string } | null>(null);

  const approve = useMutation({
    mutationFn: (approval: Approval) => withStepUp(() => memberAdminApi.approve(approval.id)),
    onSuccess: ({ result }, approval) => {
      void message.success(
        t('members.approvals.approved', {
          action: t(`members.actionName.${approval.action}`),
          name: approval.target.name,
        }),
      );
      if (isIssuedRecoveryLink(result) && result.link !== null) {
        setIssued({ link: result, name: approval.target.name });
      }
    },
    onError: (error) => {
      if (!isStepUpCancelled(error)) {
        void message.error(error.message);
      }
    },
    onSettled: () => void refreshMembers(queryClient),
  });
  const cancel = useMutation({
    mutationFn: (approval: Approval) => memberAdminApi.cancelApproval(approval.id),
    onSuccess: (_result, approval) =>
      void message.success(
        approval.requestedBy.id === viewerId ? t('members.approvals.cancelled') : t('members.approvals.rejected'),
      ),
    onError: (error) => void message.error(error.message),
    onSettled: () => void refreshMembers(queryClient),
  });

  const columns: TableColumnsType<Approval> = [
    {
      title: t('members.approvals.column.request'),
      key: 'request',
      render: (_, approval) => (
        <div>
          <Typography.Text strong>
            {t(`members.actionName.${approval.action}`, { defaultValue: approval.action })}
          </Typography.Text>
          <Typography.Text style={{ display: 'block', fontSize: 13 }}>{approval.target.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {approval.target.email}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('members.approvals.column.requestedBy'),
      key: 'requestedBy',
      render: (_, approval) => (
        <div>
          <span>{approval.requestedBy.name}</span>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
            <DateTimeText value={approval.createdAt} />
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('members.approvals.column.status'),
      key: 'status',
      render: (_, approval) => (
        <div>
          <Tag color={STATUS_COLORS[approval.status]}>{t(`members.approvals.status.${approval.status}`)}</Tag>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 2 }}>
            {approval.status === 'pending' ? (
              <>
                {t('members.approvals.expires')} <DateTimeText value={approval.expiresAt} />
              </>
            ) : approval.decidedAt ? (
              <DateTimeText value={approval.decidedAt} />
            ) : null}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: <span className="visually-hidden">{t('common.actions')}</span>,
      key: 'actions',
      align: 'right',
      render: (_, approval) => {
        const own = approval.requestedBy.id === viewerId;
        return (
          <Flex gap={8} justify="flex-end">
            {approval.canApprove ? (
              <Popconfirm
                title={t('members.approvals.confirmApprove', {
                  action: t(`members.actionName.${approval.action}`, { defaultValue: approval.action }),
                  name: approval.target.name,
                })}
                description={
                  <div style={{ maxWidth: 320 }}>
                    {t('members.approvals.confirmApproveHint', {
                      requester: approval.requestedBy.name,
                      name: approval.target.name,
                    })}
                  </div>
                }
                okText={t('members.approvals.approve')}
                cancelText={t('common.cancel')}
                onConfirm={() => approve.mutate(approval)}
              >
                <Button
                  type="primary"
                  size="small"
                  icon={<CheckOutlined />}
                  loading={approve.isPending && approve.variables.id === approval.id}
                >
                  {t('members.approvals.approve')}
                </Button>
              </Popconfirm>
            ) : null}
            {approval.canCancel ? (
              <Popconfirm
                title={own ? t('members.approvals.confirmCancel') : t('members.approvals.confirmReject')}
                okText={own ? t('members.approvals.cancel') : t('members.approvals.reject')}
                cancelText={t('common.cancel')}
                onConfirm={() => cancel.mutate(approval)}
              >
                <Button
                  size="small"
                  icon={<CloseOutlined />}
                  loading={cancel.isPending && cancel.variables.id === approval.id}
                >
                  {own ? t('members.approvals.cancel') : t('members.approvals.reject')}
                </Button>
              </Popconfirm>
            ) : null}
          </Flex>
        );
      },
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 760 }}>
        {t('members.approvals.description')}
      </Typography.Paragraph>
      {approvals.isError ? <Typography.Text type="danger">{approvals.error.message}</Typography.Text> : null}
      <div data-testid="approvals-table">
        <Table<Approval>
          rowKey="id"
          columns={columns}
          dataSource={approvals.data ?? []}
          loading={approvals.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('members.approvals.empty') }}
        />
      </div>
      <Modal
        open={issued !== null}
        title={t('members.recoveryLink.title.recovery_link', { name: issued?.name ?? '' })}
        footer={null}
        onCancel={() => setIssued(null)}
        maskClosable={false}
        width={660}
      >
        {issued ? <RecoveryLinkResult result={issued.link} memberName={issued.name} /> : null}
      </Modal>
    </Flex>
  );
}
