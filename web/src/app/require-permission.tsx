import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useHasPermission } from '../features/auth/session-queries';

export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { t } = useTranslation();
  const hasPermission = useHasPermission();
  if (!hasPermission(permission)) {
    return <Result status="403" title={t('common.forbiddenTitle')} subTitle={t('common.forbiddenText')} />;
  }
  return <>{children}</>;
}
