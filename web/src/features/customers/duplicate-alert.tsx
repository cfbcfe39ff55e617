import { Alert, Button, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DuplicateCustomer } from './customer-types';

interface DuplicateAlertProps {
  duplicates: DuplicateCustomer[];
  /** After the server refused the save: the alert is an error and offers to save anyway. */
  blocking?: boolean;
  onCreateAnyway?: () => void;
  creating?: boolean;
}

/**
 * "Possible duplicates": each one a link when the user can open it, otherwise only whose it is (the server tells that
 * one exists, never what it holds).
 */
export function DuplicateAlert({
  duplicates,
  blocking = false,
  onCreateAnyway,
  creating = false,
}: DuplicateAlertProps) {
  const { t } = useTranslation();
  if (duplicates.length === 0) {
    return null;
  }
  const describe = (duplicate: DuplicateCustomer): ReactNode => {
    const owner =
      duplicate.ownerName === null
        ? t('customers.duplicates.noOwner')
        : t('customers.duplicates.ownedBy', { name: duplicate.ownerName });
    return (
      <>
        {duplicate.id === null ? (
          <Typography.Text strong>{duplicate.name}</Typography.Text>
        ) : (
          <Link to={`/customers/${duplicate.id}`} target="_blank" rel="noopener">
            {duplicate.name}
          </Link>
        )}
        <Typography.Text type="secondary"> · {owner}</Typography.Text>
      </>
    );
  };
  return (
    <Alert
      type={blocking ? 'error' : 'warning'}
      showIcon
      data-testid="duplicate-warning"
      title={
        blocking
          ? t('customers.duplicates.blockedTitle')
          : t('customers.duplicates.title', { count: duplicates.length })
      }
      description={
        <Flex vertical gap={8}>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {duplicates.slice(0, 5).map((duplicate, index) => (
              <li key={duplicate.id ?? `hidden-${index}`}>{describe(duplicate)}</li>
            ))}
          </ul>
          {duplicates.length > 5 ? (
            <Typography.Text type="secondary">
              {t('customers.duplicates.more', { count: duplicates.length - 5 })}
            </Typography.Text>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {blocking ? t('customers.duplicates.blockedHint') : t('customers.duplicates.hint')}
          </Typography.Text>
          {blocking && onCreateAnyway ? (
            <div>
              <Button danger onClick={onCreateAnyway} loading={creating}>
                {t('customers.duplicates.createAnyway')}
              </Button>
            </div>
          ) : null}
        </Flex>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
