import { AuditDetails } from './audit-details';
import { SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Flex, Form, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { AuditEvent, AuditPage as AuditPageResult } from '../../api/types';
import { formatDateTimeSeconds } from '../../components/format';
import { PageHeading } from '../../components/page-section';
import { auditActionLabel, outcomeColor } from './audit-labels';
import { VerifyChainButton, VerifyChainResult, useVerifyAuditChain } from './audit-verify';

interface AuditFilters {
  action?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

interface AuditQuery {
  action: string;
  actor: string;
  from: string;
  to: string;
}

const PAGE_SIZE = 50;

function toQuery(filters: AuditFilters): AuditQuery {
  const [from, to] = filters.range ?? [null, null];
  return {
    action: filters.action ?? '',
    actor: filters.actor?.trim() ?? '',
    from: from ? from.startOf('day').toISOString() : '',
    to: to ? to.endOf('day').toISOString() : '',
  };
}

export function AuditPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<AuditFilters>();
  const [query, setQuery] = useState<AuditQuery>(toQuery({}));
  const verify = useVerifyAuditChain();
  const actions = useQuery({
    queryKey: ['audit-actions'],
    queryFn: () => api.get<string[]>('/audit/actions'),
    staleTime: 5 * 60_000,
  });

  const events = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) => api.get<AuditPageResult>('/audit', { ...query, limit: PAGE_SIZE, before: pageParam }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextBefore,
  });
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];

  const columns: TableColumnsType<AuditEvent> = [
    {
      title: t('audit.column.time'),
      dataIndex: 'occurredAt',
      key: 'occurredAt',
      width: 170,
      render: (value: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTimeSeconds(value)}</span>,
    },
    {
      title: t('audit.column.action'),
      dataIndex: 'action',
      key: 'action',
      render: (action: string) => (
        <Tooltip title={action}>
          <span>{auditActionLabel(t, action)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('audit.column.outcome'),
      dataIndex: 'outcome',
      key: 'outcome',
      width: 100,
      render: (outcome: string) => (
        <Tag color={outcomeColor(outcome)}>{t(`audit.outcome.${outcome}`, { defaultValue: outcome })}</Tag>
      ),
    },
    {
      // The target (whom the action was about) sits under the actor, so IP and browser fit without scrolling.
      title: t('audit.column.actor'),
      key: 'actor',
      render: (_, event) => (
        <>
          <span style={{ overflowWrap: 'break-word' }}>{event.actorLabel ?? '—'}</span>
          {event.targetLabel && event.targetLabel !== event.actorLabel ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('audit.targetLine', { target: event.targetLabel })}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    {
      title: t('audit.column.ip'),
      key: 'ip',
      width: 150,
      render: (_, event) => (
        <>
          <span style={{ whiteSpace: 'nowrap' }}>{event.ip ?? '—'}</span>
          {event.userAgent ? (
            <Typography.Text
              type="secondary"
              style={{ display: 'block', fontSize: 12, maxWidth: 140 }}
              ellipsis={{ tooltip: event.userAgent }}
            >
              {event.userAgent}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <Flex vertical gap={20}>
      <PageHeading
        title={t('audit.title')}
        description={t('audit.description')}
        actions={<VerifyChainButton verify={verify} />}
      />
      <VerifyChainResult verify={verify} />
      <Card variant="borderless">
        <Form<AuditFilters>
          form={form}
          name="audit-filter"
          layout="inline"
          onFinish={(values) => setQuery(toQuery(values))}
          style={{ rowGap: 12 }}
        >
          <Form.Item label={t('audit.filter.action')} name="action">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 240 }}
              placeholder={t('audit.filter.allActions')}
              loading={actions.isPending}
              options={(actions.data ?? []).map((action) => ({ value: action, label: auditActionLabel(t, action) }))}
            />
          </Form.Item>
          <Form.Item label={t('audit.filter.actor')} name="actor">
            <Input allowClear placeholder={t('audit.filter.actorPlaceholder')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label={t('audit.filter.dateRange')} name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('audit.filter.apply')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setQuery(toQuery({}));
                }}
              >
                {t('audit.filter.reset')}
              </Button>
            </Flex>
          </Form.Item>
        </Form>
      </Card>
      <Card variant="borderless" styles={{ body: { padding: 0 } }}>
        {events.isError ? (
          <Typography.Paragraph type="danger" style={{ padding: 16 }}>
            {events.error.message}
          </Typography.Paragraph>
        ) : null}
        <Table<AuditEvent>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={events.isPending}
          pagination={false}
          // Fits the settings pane at 1280 px (long action labels and e-mails wrap); scrolls only on narrower screens.
          scroll={{ x: 700 }}
          expandable={{ expandedRowRender: (event) => <AuditDetails action={event.action} details={event.details} /> }}
        />
        <Flex justify="center" style={{ padding: 16 }}>
          {events.hasNextPage ? (
            <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
              {t('audit.loadMore')}
            </Button>
          ) : rows.length > 0 ? (
            <Typography.Text type="secondary">{t('audit.end')}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
    </Flex>
  );
}
