import { Alert, Flex } from 'antd';
import { useSession } from '../auth/session-queries';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/page-section';
import { RecoveryLinkCard } from '../recovery-settings/recovery-link-card';
import { TwoStepLinkCard } from '../two-step/two-step-link-card';
import { ChangePasswordCard } from './change-password-card';
import { SessionsCard } from './sessions-card';
import { TrustedBrowsersCard } from './trusted-browsers-card';

export function SecurityPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <Flex vertical gap={24}>
      <PageHeading title={t('security.title')} description={t('security.description')} />
      {session.data?.user.passwordExpired ? (
        <Alert type="warning" showIcon message={t('security.passwordExpired')} />
      ) : null}
      <ChangePasswordCard />
      <TwoStepLinkCard />
      <RecoveryLinkCard />
      <SessionsCard />
      <TrustedBrowsersCard />
    </Flex>
  );
}
