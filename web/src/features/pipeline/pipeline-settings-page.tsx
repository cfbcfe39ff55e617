import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  InboxOutlined,
  LockOutlined,
  PlusOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Tag,
  Typography,
  theme,
} from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/page-section';
import { dealApi, dealKeys, refreshDeals, usePipeline } from '../deals/deal-api';
import { DEFAULT_DEAL_FILTERS } from '../deals/deal-filters';
import { STAGE_KIND_COLORS, stageLabel } from '../deals/deal-format';
import { MAX_STAGES, type Stage } from '../deals/deal-types';

interface DraftStage {
  /** Stable across renders; the stage's id for existing stages. */
  rowKey: string;
  id?: string;
  key: string | null;
  name: string;
  probability: number;
}

let newRows = 0;

function draftOf(t: TFunction, stages: Stage[]): DraftStage[] {
  return stages
    .filter((stage) => stage.kind === 'open')
    .map((stage) => ({
      rowKey: stage.id,
      id: stage.id,
      key: stage.key,
      name: stageLabel(t, stage),
      probability: stage.probability,
    }));
}

/** A default stage whose name is left as its translated default keeps following the language (null). */
function nameToSend(t: TFunction, row: DraftStage): string | null {
  const name = row.name.trim();
  if (row.key !== null && (name === '' || name === stageLabel(t, { key: row.key, name: null }))) {
    return null;
  }
  return name;
}

/**
 * Settings → Pipeline (owners and admins): the open stages in order, each with its name and default win probability;
 * stages can be added, renamed, moved and archived (their deals move to a stage that stays). Won and lost are fixed.
 */
export function PipelineSettingsPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const pipeline = usePipeline();
  // Owners and admins see every deal, so the board's counts are the organisation's.
  const counts = useQuery({
    queryKey: dealKeys.board({ ...DEFAULT_DEAL_FILTERS }),
    queryFn: ({ signal }) => dealApi.board(DEFAULT_DEAL_FILTERS, signal),
  });
  const [rows, setRows] = useState<DraftStage[]>([]);
  const [removed, setRemoved] = useState<DraftStage[]>([]);
  const [targets, setTargets] = useState<Record<string, string>>({});
  const stages = pipeline.data?.stages;

  const reset = () => {
    setRows(draftOf(t, stages ?? []));
    setRemoved([]);
    setTargets({});
  };
  // The draft starts again whenever the saved pipeline changes (first load, after a save), not on each edit.
  useEffect(reset, [stages]);

  const dealCount = (stageId: string | undefined) =>
    counts.data?.columns.find((column) => column.stage.id === stageId)?.count ?? 0;
  const keptExisting = rows.filter((row) => row.id !== undefined);
  const dirty = removed.length > 0 || JSON.stringify(rows) !== JSON.stringify(draftOf(t, stages ?? []));
  const missingTarget = removed.some((row) => dealCount(row.id) > 0 && !targets[row.id ?? '']);

  const save = useMutation({
    mutationFn: () =>
      dealApi.savePipeline({
        stages: rows.map((row) => ({
          ...(row.id ? { id: row.id } : {}),
          name: nameToSend(t, row),
          probability: row.probability,
        })),
        moveDealsTo: Object.fromEntries(
          removed.filter((row) => row.id && targets[row.id]).map((row) => [row.id ?? '', targets[row.id ?? ''] ?? '']),
        ),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(dealKeys.pipeline, saved);
      void refreshDeals(queryClient);
      void message.success(t('pipeline.saved'));
    },
  });

  const change = (rowKey: string, patch: Partial<DraftStage>) =>
    setRows((current) => current.map((row) => (row.rowKey === rowKey ? { ...row, ...patch } : row)));
  const shift = (index: number, by: -1 | 1) =>
    setRows((current) => {
      const next = [...current];
      const [row] = next.splice(index, 1);
      if (row) {
        next.splice(index + by, 0, row);
      }
      return next;
    });
  const archive = (row: DraftStage) => {
    setRows((current) => current.filter((candidate) => candidate.rowKey !== row.rowKey));
    if (row.id) {
      setRemoved((current) => [...current, row]);
      const firstKept = rows.find((candidate) => candidate.id && candidate.id !== row.id);
      if (firstKept?.id) {
        setTargets((current) => ({ ...current, [row.id ?? '']: firstKept.id ?? '' }));
      }
    }
  };
  const bringBack = (row: DraftStage) => {
    setRemoved((current) => current.filter((candidate) => candidate.rowKey !== row.rowKey));
    setRows((current) => [...current, row]);
  };
  const add = () => {
    newRows += 1;
    setRows((current) => [...current, { rowKey: `new-${newRows}`, key: null, name: '', probability: 50 }]);
  };

  if (pipeline.isPending) {
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  if (pipeline.isError) {
    return <Alert type="error" showIcon title={pipeline.error.message} />;
  }
  const closed = pipeline.data.stages.filter((stage) => stage.kind !== 'open');

  return (
    <Flex vertical gap={16}>
      <PageHeading title={t('pipeline.title')} description={t('pipeline.description')} />
      <Card
        variant="borderless"
        title={t('pipeline.openStages')}
        extra={<Typography.Text type="secondary">{t('pipeline.limit', { max: MAX_STAGES })}</Typography.Text>}
      >
        <Flex vertical gap={8} data-testid="pipeline-stages">
          {rows.map((row, index) => (
            <Flex
              key={row.rowKey}
              gap={8}
              align="center"
              data-testid="pipeline-stage"
              style={{ padding: '6px 8px', background: token.colorFillQuaternary, borderRadius: token.borderRadius }}
            >
              <Typography.Text type="secondary" style={{ width: 20, textAlign: 'right' }}>
                {index + 1}
              </Typography.Text>
              <Input
                aria-label={t('pipeline.nameOf', { position: index + 1 })}
                value={row.name}
                maxLength={50}
                placeholder={row.key ? stageLabel(t, { key: row.key, name: null }) : t('pipeline.namePlaceholder')}
                status={row.key === null && row.name.trim() === '' ? 'error' : undefined}
                onChange={(event) => change(row.rowKey, { name: event.target.value })}
                style={{ flex: '1 1 auto' }}
              />
              <InputNumber
                aria-label={t('pipeline.probabilityOf', { position: index + 1 })}
                min={0}
                max={100}
                precision={0}
                suffix="%"
                value={row.probability}
                onChange={(value) => change(row.rowKey, { probability: value ?? 0 })}
                style={{ width: 96 }}
              />
              <Button
                type="text"
                icon={<ArrowUpOutlined />}
                aria-label={t('pipeline.moveUp', { position: index + 1 })}
                disabled={index === 0}
                onClick={() => shift(index, -1)}
              />
              <Button
                type="text"
                icon={<ArrowDownOutlined />}
                aria-label={t('pipeline.moveDown', { position: index + 1 })}
                disabled={index === rows.length - 1}
                onClick={() => shift(index, 1)}
              />
              <Button
                type="text"
                danger
                icon={<InboxOutlined />}
                aria-label={t('pipeline.archiveOf', { position: index + 1 })}
                disabled={rows.length === 1}
                onClick={() => archive(row)}
              />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={add} disabled={rows.length + 2 >= MAX_STAGES}>
            {t('pipeline.add')}
          </Button>
          {closed.map((stage) => (
            <Flex key={stage.id} gap={8} align="center" style={{ padding: '6px 8px' }}>
              <LockOutlined style={{ width: 20, color: token.colorTextTertiary }} />
              <Tag color={STAGE_KIND_COLORS[stage.kind]}>{stageLabel(t, stage)}</Tag>
              <Typography.Text type="secondary">
                {t(`pipeline.fixed.${stage.kind}`, { probability: stage.probability })}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      </Card>
      {removed.length > 0 ? (
        <Card variant="borderless" title={t('pipeline.archiving')}>
          <Flex vertical gap={10}>
            {removed.map((row) => {
              const deals = dealCount(row.id);
              return (
                <Flex key={row.rowKey} gap={8} align="center" wrap data-testid="pipeline-archived">
                  <Typography.Text strong style={{ minWidth: 140 }}>
                    {row.name || stageLabel(t, { key: row.key, name: null })}
                  </Typography.Text>
                  {deals > 0 ? (
                    <>
                      <Typography.Text type="secondary">{t('pipeline.moveDeals', { count: deals })}</Typography.Text>
                      <Select<string>
                        aria-label={t('pipeline.moveTarget', { name: row.name })}
                        value={targets[row.id ?? '']}
                        onChange={(value) => setTargets((current) => ({ ...current, [row.id ?? '']: value }))}
                        options={keptExisting.map((kept) => ({
                          value: kept.id ?? '',
                          label: kept.name || stageLabel(t, { key: kept.key, name: null }),
                        }))}
                        style={{ minWidth: 180 }}
                      />
                    </>
                  ) : (
                    <Typography.Text type="secondary">{t('pipeline.noDeals')}</Typography.Text>
                  )}
                  <Button size="small" type="link" icon={<UndoOutlined />} onClick={() => bringBack(row)}>
                    {t('pipeline.keep')}
                  </Button>
                </Flex>
              );
            })}
          </Flex>
        </Card>
      ) : null}
      {rows.length === 0 ? <Empty description={t('pipeline.needOne')} /> : null}
      {save.error ? <Alert type="error" showIcon role="alert" title={save.error.message} /> : null}
      <Flex gap={8} justify="flex-end">
        <Button onClick={reset} disabled={!dirty || save.isPending}>
          {t('pipeline.reset')}
        </Button>
        <Button
          type="primary"
          loading={save.isPending}
          disabled={!dirty || missingTarget || rows.some((row) => row.key === null && row.name.trim() === '')}
          onClick={() => save.mutate()}
        >
          {t('pipeline.save')}
        </Button>
      </Flex>
    </Flex>
  );
}
