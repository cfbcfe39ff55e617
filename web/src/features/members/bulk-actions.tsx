import {
  CheckCircleFilled,
  ClockCircleFilled,
  CloseCircleFilled,
  KeyOutlined,
  LogoutOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { App, Button, Flex, Modal, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import { isStepUpCancelled } from '../step-up/step-up-context';
import { DeactivateDialog } from './deactivate-dialog';
import { memberAdminApi } from './member-admin-api';
import { useAdminAction } from './use-admin-action';

type BulkAction = 'end_sessions' | 'require_password_change' | 'deactivate';

interface BulkLine {
  member: MemberListItem;
  state: 'done' | 'pending' | 'failed';
  text: string;
}

interface BulkReport {
  action: BulkAction;
  lines: BulkLine[];
  /** The step-up dialog was closed: nothing after that ran. */
  stopped: boolean;
}

/**
 * Bulk actions on the selected rows (the bar shows while rows are selected; the report outlives the selection): run per member, one after another (so the step-up is asked once, before the
 * first), then a report of what succeeded, what waits for an approval and what failed with the server's reason.
 */
export function BulkActions({ selected, onFinished }: { selected: MemberListItem[]; onFinished: () => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { token } = theme.useToken();
  const { execute, pendingText } = useAdminAction();
  const [running, setRunning] = useState<BulkAction | null>(null);
  const [deactivating, setDeactivating] = useState(false);
  const [report, setReport] = useState<BulkReport | null>(null);

  const callFor = (action: BulkAction, member: MemberListItem, at?: string): (() => Promise<unknown>) => {
    switch (action) {
      case 'end_sessions':
        return () => memberAdminApi.endSessions(member.id);
      case 'require_password_change':
        return () => memberAdminApi.requirePasswordChange(member.id);
      case 'deactivate':
        return () => memberAdminApi.deactivate(member.id, at);
    }
  };

  const run = async (action: BulkAction, members: MemberListItem[], at?: string) => {
    setRunning(action);
    const lines: BulkLine[] = [];
    let stopped = false;
    for (const member of members) {
      try {
        const outcome = await execute(member, callFor(action, member, at), { quiet: true });
        lines.push(
          'pending' in outcome
            ? {
                member,
                state: 'pending',
                text: pendingText(member, outcome.pending),
              }
            : { member, state: 'done', text: t('members.bulk.done') },
        );
      } catch (error) {
        if (isStepUpCancelled(error)) {
          stopped = true;
          break;
        }
        lines.push({ member, state: 'failed', text: error instanceof Error ? error.message : String(error) });
      }
    }
    setRunning(null);
    if (lines.length > 0 || !stopped) {
      setReport({ action, lines, stopped });
      onFinished();
    }
  };

  const confirm = (action: Exclude<BulkAction, 'deactivate'>) =>
    void modal.confirm({
      title: t(`members.bulk.confirm.${action}`, { count: selected.length }),
      content: t(`members.confirm.${action}.bulk`),
      okText: t(`members.action.${action}`),
      cancelText: t('common.cancel'),
      width: 460,
      onOk: () => {
        void run(action, selected);
      },
    });

  const icon = {
    done: <CheckCircleFilled style={{ color: token.colorSuccess }} />,
    pending: <ClockCircleFilled style={{ color: token.colorWarning }} />,
    failed: <CloseCircleFilled style={{ color: token.colorError }} />,
  };

  return (
    <>
      {selected.length > 0 ? (
        <Flex gap={8} align="center" wrap data-testid="bulk-actions">
          <Typography.Text strong>{t('members.bulk.selected', { count: selected.length })}</Typography.Text>
          <Button
            size="small"
            icon={<LogoutOutlined />}
            loading={running === 'end_sessions'}
            disabled={running !== null}
            onClick={() => confirm('end_sessions')}
          >
            {t('members.action.end_sessions')}
          </Button>
          <Button
            size="small"
            icon={<KeyOutlined />}
            loading={running === 'require_password_change'}
            disabled={running !== null}
            onClick={() => confirm('require_password_change')}
          >
            {t('members.action.require_password_change')}
          </Button>
          <Button
            size="small"
            danger
            icon={<StopOutlined />}
            loading={running === 'deactivate'}
            disabled={running !== null}
            onClick={() => setDeactivating(true)}
          >
            {t('members.action.deactivate')}
          </Button>
        </Flex>
      ) : null}
      {deactivating ? (
        <DeactivateDialog
          members={selected}
          onConfirm={(at) => run('deactivate', selected, at)}
          onClose={() => setDeactivating(false)}
        />
      ) : null}
      <Modal
        open={report !== null}
        title={report ? t(`members.bulk.reportTitle.${report.action}`) : ''}
        footer={null}
        onCancel={() => setReport(null)}
        width={560}
      >
        {report ? (
          <div data-testid="bulk-report">
            <Typography.Paragraph>
              {t('members.bulk.summary', {
                done: report.lines.filter((line) => line.state === 'done').length,
                pending: report.lines.filter((line) => line.state === 'pending').length,
                failed: report.lines.filter((line) => line.state === 'failed').length,
              })}
            </Typography.Paragraph>
            <Flex vertical gap={8}>
              {report.lines.map((line) => (
                <Flex key={line.member.id} gap={10} align="flex-start" data-testid={`bulk-line-${line.state}`}>
                  <span style={{ marginTop: 3 }}>{icon[line.state]}</span>
                  <div style={{ minWidth: 0 }}>
                    <Typography.Text strong>{line.member.name}</Typography.Text>{' '}
                    <Typography.Text type="secondary">{line.member.email}</Typography.Text>
                    <Typography.Text
                      type={line.state === 'failed' ? 'danger' : 'secondary'}
                      style={{ display: 'block', fontSize: 13 }}
                    >
                      {line.text}
                    </Typography.Text>
                  </div>
                </Flex>
              ))}
            </Flex>
            {report.stopped ? (
              <Typography.Paragraph type="warning" style={{ marginTop: 12 }}>
                {t('members.bulk.stopped')}
              </Typography.Paragraph>
            ) : null}
          </div>
        ) : null}
      </Modal>
    </>
  );
}
