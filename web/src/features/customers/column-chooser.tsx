import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_COLUMN_KEYS, DEFAULT_CUSTOMER_COLUMNS, type CustomerColumnKey } from './customer-columns-store';

interface ColumnChooserProps {
  value: CustomerColumnKey[];
  onChange: (columns: CustomerColumnKey[]) => void;
}

/** Which columns the list shows; remembered in this browser. */
export function ColumnChooser({ value, onChange }: ColumnChooserProps) {
  const { t } = useTranslation();
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={t('customers.columns.title')}
      content={
        <Flex vertical gap={8} style={{ minWidth: 200 }} data-testid="column-chooser">
          <Checkbox checked disabled>
            {t('customers.field.name')}
          </Checkbox>
          <Checkbox.Group
            value={value}
            onChange={(next) => onChange(CUSTOMER_COLUMN_KEYS.filter((key) => next.includes(key)))}
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            options={CUSTOMER_COLUMN_KEYS.map((key) => ({ value: key, label: t(`customers.field.${key}`) }))}
          />
          <Flex justify="space-between" align="center" style={{ marginTop: 4 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('customers.columns.remembered')}
            </Typography.Text>
            <Button size="small" type="link" onClick={() => onChange(DEFAULT_CUSTOMER_COLUMNS)}>
              {t('customers.columns.reset')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Button icon={<SettingOutlined />}>{t('customers.columns.button')}</Button>
    </Popover>
  );
}
