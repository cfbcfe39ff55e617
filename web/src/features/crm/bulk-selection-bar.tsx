import { Button, Flex, Typography, theme } from 'antd';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Clicks on a row's own controls (links, checkboxes) do not also open the record. */
export function isRowClick(event: MouseEvent<HTMLElement>): boolean {
  const target = event.target as HTMLElement;
  return target.closest('button, a, input, label, .ant-checkbox-wrapper, .ant-table-selection-column') === null;
}

interface BulkSelectionBarProps {
  /** "3 selected" in the list's own words. */
  summary: string;
  onClear: () => void;
  testId: string;
  /** The actions for the selected rows (small buttons). */
  children: ReactNode;
}

/** The strip above a CRM list while rows are selected: how many, what to do with them, and "clear". */
export function BulkSelectionBar({ summary, onClear, testId, children }: BulkSelectionBarProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <Flex
      gap={8}
      align="center"
      wrap
      data-testid={testId}
      style={{ padding: '8px 12px', background: token.colorPrimaryBg, borderRadius: token.borderRadiusLG }}
    >
      <Typography.Text strong>{summary}</Typography.Text>
      {children}
      <Button size="small" type="link" onClick={onClear}>
        {t('customers.bulk.clear')}
      </Button>
    </Flex>
  );
}
