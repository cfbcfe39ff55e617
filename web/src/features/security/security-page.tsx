import { Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/page-section';
import { ChangePasswordCard } from './change-password-card';
import { SessionsCard } from './sessions-card';

export function SecurityPage() {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={24}>
      <PageHeading title={t('security.title')} description={t('security.description')} />
      <ChangePasswordCard />
      <SessionsCard />
    </Flex>
  );
}
