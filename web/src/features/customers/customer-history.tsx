import {
  DeleteOutlined,
  EditOutlined,
  PlusCircleOutlined,
  RollbackOutlined,
  SwapOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Empty, Flex, Skeleton, Timeline, Tooltip, Typography } from 'antd';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadMore } from '../../components/load-more';
import { formatDateTime, formatRelative } from '../../components/format';
import { contractActionLabel, contractActionLook, isInitialContractAction } from '../contracts/contract-history-labels';
import { dealActionLabel, dealActionLook } from '../deals/deal-history-labels';
import { useMemberDirectory } from '../crm/member-directory';
import {
  activityActionLabel,
  activityActionLook,
  isActivityRecord,
  isInitialActivityAction,
} from '../follow-ups/activity-history-labels';
import { isShareAction, shareActionLook, shareActionText } from '../sharing/share-history';
import { useCustomerHistory } from './customer-api';
import { describeChange } from './customer-labels';
import type { CursorPage, CustomerHistoryEntry } from './customer-types';

const ACTION_LOOK: Record<string, { color: string; icon: ReactNode }> = {
  created: { color: 'green', icon: <PlusCircleOutlined /> },
  updated: { color: 'blue', icon: <EditOutlined /> },
  deleted: { color: 'red', icon: <DeleteOutlined /> },
  restored: { color: 'green', icon: <RollbackOutlined /> },
  transferred: { color: 'purple', icon: <SwapOutlined /> },
  lead_converted: { color: 'purple', icon: <SwapOutlined /> },
  converted_from_lead: { color: 'purple', icon: <SwapOutlined /> },
};

function lookOf(action: string) {
  return (
    ACTION_LOOK[action] ??
    shareActionLook(action) ??
    contractActionLook(action) ??
    activityActionLook(action) ??
    dealActionLook(action) ?? { color: 'gray', icon: <UserOutlined /> }
  );
}

/** Created records list what they started with; other entries show each field as "from → to". */
function ChangeLines({ entry }: { entry: CustomerHistoryEntry }) {
  const { t } = useTranslation();
  const directory = useMemberDirectory();
  const changes = Object.entries(entry.changes ?? {});
  // A share names its member in the sentence itself.
  if (changes.length === 0 || isShareAction(entry.action)) {
    return null;
  }
  const initial =
    entry.action === 'created' ||
    entry.action.endsWith('_added') ||
    isInitialContractAction(entry.action) ||
    isInitialActivityAction(entry.action);
  return (
    <ul style={{ margin: '6px 0 0', paddingInlineStart: 18 }} data-testid="history-changes">
      {changes.map(([field, change]) => {
        const line = describeChange(t, field, change, directory.nameOf, entry.recordType);
        return (
          <li key={field} style={{ lineHeight: 1.7 }}>
            <Typography.Text type="secondary">{line.label}: </Typography.Text>
            {initial && line.from === '—' ? (
              <Typography.Text>{line.to}</Typography.Text>
            ) : (
              <>
                <Typography.Text delete type="secondary">
                  {line.from}
                </Typography.Text>
                <Typography.Text type="secondary"> → </Typography.Text>
                <Typography.Text strong>{line.to}</Typography.Text>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The customer's record of changes, newest first: who, when, which field from what to what. */
export function CustomerHistory({ customerId }: { customerId: string }) {
  return <HistoryTimeline history={useCustomerHistory(customerId)} />;
}

/**
 * A paged history as a timeline: a customer's (rows about its contracts link to them) or one record's own
 * (`ownRecord`: no link back to the page it is on).
 */
export function HistoryTimeline({
  history,
  testId = 'customer-history',
  ownRecord = false,
}: {
  history: UseInfiniteQueryResult<InfiniteData<CursorPage<CustomerHistoryEntry>>>;
  testId?: string;
  ownRecord?: boolean;
}) {
  const { t } = useTranslation();

  if (history.isPending) {
    return <Skeleton active paragraph={{ rows: 4 }} />;
  }
  if (history.isError) {
    return (
      <Typography.Paragraph type="danger" role="alert">
        {history.error.message}
      </Typography.Paragraph>
    );
  }
  const items = history.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.history.empty')} />;
  }
  return (
    <>
      <Timeline
        style={{ marginTop: 8 }}
        data-testid={testId}
        items={items.map((entry) => {
          const look = lookOf(entry.action);
          return {
            key: entry.id,
            color: look.color,
            icon: look.icon,
            content: (
              <div data-testid="history-entry">
                <Flex gap={8} wrap align="baseline">
                  <Typography.Text strong>{entry.actorName ?? t('customers.history.system')}</Typography.Text>
                  <Typography.Text>
                    {isShareAction(entry.action)
                      ? shareActionText(t, entry)
                      : entry.recordType === 'contract'
                        ? contractActionLabel(t, entry.action)
                        : entry.recordType === 'deal'
                          ? dealActionLabel(t, entry.action)
                          : isActivityRecord(entry.recordType)
                            ? activityActionLabel(t, entry.action)
                            : entry.recordType === 'lead'
                              ? t([`leads.history.action.${entry.action}`, `leadTools.history.${entry.action}`], {
                                  defaultValue: entry.action,
                                })
                              : t(`customers.history.action.${entry.action}`, {
                                  defaultValue: t('customers.history.action.other', { action: entry.action }),
                                })}
                  </Typography.Text>
                  {entry.contactName ? <Typography.Text strong>{entry.contactName}</Typography.Text> : null}
                  {entry.recordType === 'contract' && entry.recordLabel && !ownRecord ? (
                    <Link to={`/contracts/${entry.recordId}`}>{entry.recordLabel}</Link>
                  ) : null}
                  {entry.recordType === 'deal' && entry.recordLabel && !ownRecord ? (
                    <Link to={`/deals?deal=${entry.recordId}`}>{entry.recordLabel}</Link>
                  ) : null}
                  <Tooltip title={formatDateTime(entry.createdAt)}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatRelative(entry.createdAt)}
                    </Typography.Text>
                  </Tooltip>
                </Flex>
                <ChangeLines entry={entry} />
              </div>
            ),
          };
        })}
      />
      <LoadMore pages={history} label={t('customers.list.loadMore')} />
    </>
  );
}
