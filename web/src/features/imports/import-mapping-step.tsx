import { Alert, Button, Card, Flex, Radio, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DuplicateMode, ImportPlan, ImportPreview, ImportRecordType } from './import-api';
import { fieldHint, fieldLabel, missingRequiredFields } from './import-fields';

const DUPLICATE_MODES: DuplicateMode[] = ['skip', 'update', 'create'];
const SAMPLE_VALUES = 3;
const PREVIEW_ROWS = 5;

interface ColumnRow {
  index: number;
  header: string;
  samples: string[];
}

interface MappingStepProps {
  recordType: ImportRecordType;
  preview: ImportPreview;
  plan: ImportPlan;
  onChange: (plan: ImportPlan) => void;
  onNext: () => void;
}

/**
 * Step 2: one row per file column with its header, a few sample values and the field it fills (each field once,
 * required ones starred, the server's suggestion preselected); below, the first rows as they would be imported, and
 * what to do with rows that match an existing record.
 */
export function ImportMappingStep({ recordType, preview, plan, onChange, onNext }: MappingStepProps) {
  const { t } = useTranslation();
  const { mapping } = plan;
  const usedFields = new Set(Object.values(mapping));
  const missing = missingRequiredFields(preview.fields, mapping);
  const mappedColumns = Object.entries(mapping)
    .map(([column, field]) => ({ column: Number(column), field }))
    .sort(
      (left, right) =>
        preview.fields.findIndex((field) => field.key === left.field) -
        preview.fields.findIndex((field) => field.key === right.field),
    );

  const setField = (column: number, field: string | undefined) => {
    const next = { ...mapping };
    if (field) {
      next[String(column)] = field;
    } else {
      delete next[String(column)];
    }
    onChange({ ...plan, mapping: next });
  };

  const columnRows: ColumnRow[] = preview.headers.map((header, index) => ({
    index,
    header,
    samples: preview.sampleRows
      .map((row) => row[index]?.trim() ?? '')
      .filter((value) => value !== '')
      .slice(0, SAMPLE_VALUES),
  }));

  const columns: TableColumnsType<ColumnRow> = [
    {
      key: 'header',
      title: t('imports.map.column'),
      width: 200,
      render: (_value, row) => (
        <Typography.Text strong>{row.header || t('imports.map.untitled', { number: row.index + 1 })}</Typography.Text>
      ),
    },
    {
      key: 'samples',
      title: t('imports.map.samples'),
      render: (_value, row) =>
        row.samples.length === 0 ? (
          <Typography.Text type="secondary">{t('imports.map.noSamples')}</Typography.Text>
        ) : (
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320 }}>
            {row.samples.join(' · ')}
          </Typography.Text>
        ),
    },
    {
      key: 'field',
      title: t('imports.map.field'),
      width: 280,
      render: (_value, row) => {
        const current = mapping[String(row.index)];
        const hint = current ? fieldHint(t, recordType, current) : null;
        return (
          <Flex vertical gap={2}>
            <Select<string>
              allowClear
              style={{ width: 260 }}
              placeholder={t('imports.map.skipColumn')}
              value={current ?? null}
              onChange={(field) => setField(row.index, field ?? undefined)}
              aria-label={t('imports.map.fieldFor', { column: row.header || row.index + 1 })}
              data-testid={`import-map-${row.index}`}
              options={preview.fields.map((field) => ({
                value: field.key,
                label: field.required
                  ? `${fieldLabel(t, recordType, field.key)} *`
                  : fieldLabel(t, recordType, field.key),
                disabled: usedFields.has(field.key) && field.key !== current,
              }))}
            />
            {hint ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {hint}
              </Typography.Text>
            ) : null}
          </Flex>
        );
      },
    },
  ];

  const previewColumns: TableColumnsType<string[]> = mappedColumns.map(({ column, field }) => ({
    key: field,
    title: fieldLabel(t, recordType, field),
    render: (_value, row) => row[column] ?? '',
    ellipsis: true,
  }));

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('imports.map.title', { count: preview.totalRows, rows: preview.totalRows.toLocaleString() })}
        variant="borderless"
        styles={{ body: { padding: 0 } }}
      >
        <Table<ColumnRow>
          rowKey="index"
          size="middle"
          columns={columns}
          dataSource={columnRows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="import-mapping"
        />
      </Card>
      <Card title={t('imports.map.previewTitle')} variant="borderless" styles={{ body: { padding: 0 } }}>
        {previewColumns.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ padding: 16, marginBottom: 0 }}>
            {t('imports.map.previewEmpty')}
          </Typography.Paragraph>
        ) : (
          <Table<string[]>
            rowKey={(row) => preview.sampleRows.indexOf(row)}
            size="small"
            columns={previewColumns}
            dataSource={preview.sampleRows.slice(0, PREVIEW_ROWS)}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="import-preview"
          />
        )}
      </Card>
      <Card title={t('imports.duplicates.title')} variant="borderless">
        <Typography.Paragraph type="secondary">{t(`imports.duplicates.rule.${recordType}`)}</Typography.Paragraph>
        <Radio.Group
          orientation="vertical"
          value={plan.duplicateMode}
          onChange={(event) => onChange({ ...plan, duplicateMode: event.target.value as DuplicateMode })}
          data-testid="import-duplicate-mode"
        >
          {DUPLICATE_MODES.map((mode) => (
            <Radio key={mode} value={mode} style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t(`imports.duplicates.${mode}.label`)}</Typography.Text>
              <Typography.Text type="secondary">
                {' — '}
                {t(`imports.duplicates.${mode}.help.${recordType}`)}
              </Typography.Text>
            </Radio>
          ))}
        </Radio.Group>
      </Card>
      {missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="import-missing-required"
          title={t('imports.map.missingRequired', {
            fields: missing.map((key) => fieldLabel(t, recordType, key)).join(t('imports.listSeparator')),
          })}
        />
      ) : null}
      <Flex justify="flex-end" gap={8} align="center">
        {missing.length === 0 ? (
          <Typography.Text type="secondary">
            {t('imports.map.mappedCount', { count: mappedColumns.length, total: preview.headers.length })}
          </Typography.Text>
        ) : null}
        <Button type="primary" disabled={missing.length > 0} onClick={onNext} data-testid="import-to-check">
          {t('imports.map.next')}
        </Button>
      </Flex>
    </Flex>
  );
}
