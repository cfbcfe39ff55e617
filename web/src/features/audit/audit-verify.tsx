import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { AuditVerification } from '../../api/types';

export function useVerifyAuditChain() {
  return useMutation({ mutationFn: () => api.get<AuditVerification>('/audit/verify') });
}

export function VerifyChainButton({ verify }: { verify: ReturnType<typeof useVerifyAuditChain> }) {
  const { t } = useTranslation();
  return (
    <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
      {t('audit.verify.button')}
    </Button>
  );
}

/** The hash chain result: every row links to the previous row's hash, so any edit breaks it. */
export function VerifyChainResult({ verify }: { verify: ReturnType<typeof useVerifyAuditChain> }) {
  const { t } = useTranslation();
  if (verify.isError) {
    return <Alert type="error" showIcon title={verify.error.message} closable={{ onClose: () => verify.reset() }} />;
  }
  if (!verify.data) {
    return null;
  }
  const { ok, checked, brokenAtId } = verify.data;
  return (
    <Alert
      type={ok ? 'success' : 'error'}
      showIcon
      role="status"
      data-testid="audit-verify-result"
      title={ok ? t('audit.verify.ok', { count: checked }) : t('audit.verify.broken', { id: brokenAtId ?? '?' })}
      description={ok ? t('audit.verify.okDetail') : t('audit.verify.brokenDetail', { count: checked })}
      closable={{ onClose: () => verify.reset() }}
    />
  );
}
