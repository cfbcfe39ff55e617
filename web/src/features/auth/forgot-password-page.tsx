import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuthLayout } from '../../components/auth-layout';

/** Self-service reset is not built yet; say so plainly instead of pretending to send a mail. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  return (
    <AuthLayout title={t('forgot.title')}>
      <Alert type="info" showIcon title={t('forgot.comingSoon')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>{t('forgot.askAdmin')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('forgot.lockedHint')}</Typography.Paragraph>
      <Link to="/login">
        <Button icon={<ArrowLeftOutlined />} block size="large">
          {t('common.backToSignIn')}
        </Button>
      </Link>
    </AuthLayout>
  );
}
