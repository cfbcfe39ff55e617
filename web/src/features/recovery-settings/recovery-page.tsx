import { Alert, Flex, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/page-section';
import { ChannelsCard } from './channels-card';
import { ReadinessSummary } from './readiness-summary';
import { useAccountRecovery } from './recovery-queries';
import { SecurityQuestionsCard } from './security-questions-card';

/** Settings → Recovery: the ways back into this account if the password is forgotten or a phone is lost. */
export function RecoveryPage() {
  const { t } = useTranslation();
  const recovery = useAccountRecovery();
  return (
    <Flex vertical gap={20}>
      <PageHeading title={t('recoverySettings.title')} description={t('recoverySettings.description')} />
      {recovery.isPending ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {recovery.isError ? <Alert type="error" showIcon title={recovery.error.message} /> : null}
      {recovery.data ? (
        <>
          <ReadinessSummary readiness={recovery.data.readiness} />
          <ChannelsCard channels={recovery.data.channels} />
          {recovery.data.securityQuestions.enabled ? <SecurityQuestionsCard recovery={recovery.data} /> : null}
        </>
      ) : null}
    </Flex>
  );
}
