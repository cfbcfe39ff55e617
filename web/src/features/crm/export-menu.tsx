import { DownloadOutlined, DownOutlined, FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiDownload } from '../../api/client';
import { useHasPermission } from '../auth/session-queries';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { browserTimeZone } from '../../api/time-zone';

export type ExportKind = 'customers' | 'contacts' | 'leads';
type ExportFormat = 'csv' | 'xlsx';

/** Hands the bytes to the browser's download manager under the server's file name. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the object URL after click() returns: revoke it a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

interface ExportMenuProps {
  kind: ExportKind;
  /** The list's current filters and sort, as the list API takes them (empty values are left out). */
  query: Record<string, string | undefined>;
  /** The success message (plural with `count` and `file`); by default `crmExport.done.<kind>`. */
  doneKey?: string;
  /** Why "confirm it's you" asks, naming what leaves; by default `crmExport.stepUpReason` (customer data). */
  stepUpReasonKey?: string;
}

/**
 * "Export ▾" → CSV or Excel of what the list shows with its current filters. The server asks for a recent proof of
 * identity (the "confirm it's you" dialog opens when needed), records the export, and says how many rows it holds.
 * Hidden for roles without crm.export (viewers).
 */
export function ExportMenu({ kind, query, doneKey, stepUpReasonKey = 'crmExport.stepUpReason' }: ExportMenuProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const hasPermission = useHasPermission();
  const withStepUp = useStepUp();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  if (!hasPermission('crm.export')) {
    return null;
  }

  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const file = await withStepUp(
        () => apiDownload(`/${kind}/export`, { ...query, format, tz: browserTimeZone() }, `${kind}.${format}`),
        {
          reasonKey: stepUpReasonKey,
        },
      );
      saveFile(file.blob, file.fileName);
      const count = Number(file.headers.get('X-Export-Rows') ?? '0');
      void message.success(t(doneKey ?? `crmExport.done.${kind}`, { count, file: file.fileName }));
    } catch (error) {
      if (!isStepUpCancelled(error)) {
        void message.error(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(null);
    }
  };

  const items: MenuProps['items'] = [
    {
      type: 'group',
      key: 'formats',
      label: t('crmExport.hint'),
      children: [
        { key: 'csv', icon: <FileTextOutlined />, label: t('crmExport.csv') },
        { key: 'xlsx', icon: <FileExcelOutlined />, label: t('crmExport.xlsx') },
      ],
    },
  ];

  return (
    <Dropdown
      trigger={['click']}
      disabled={busy !== null}
      menu={{ items, onClick: ({ key }) => void run(key === 'xlsx' ? 'xlsx' : 'csv') }}
      styles={{ root: { maxWidth: 280 } }}
    >
      <Button icon={<DownloadOutlined />} loading={busy !== null} data-testid={`${kind}-export`}>
        {t('crmExport.button')}
        <DownOutlined />
      </Button>
    </Dropdown>
  );
}
