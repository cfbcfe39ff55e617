import { MailOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Flex, Form, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { AuthLayout } from '../../components/auth-layout';
import { IdentifierField } from '../auth/identifier-field';
import { RequestErrorAlert } from './request-error-alert';

interface UnlockRequestValues {
  identifier: string;
}

/** "Unlock my account" from the sign-in page: mails the unlock link again — only if the account is locked. */
export function UnlockRequestPage() {
  const { t } = useTranslation();
  const request = useMutation({
    mutationFn: (values: UnlockRequestValues) =>
      api.post<{ accepted: boolean }>('/auth/unlock/request', { identifier: values.identifier.trim() }),
    meta: { skipAuthRedirect: true },
  });

  if (request.isSuccess) {
    return (
      <AuthLayout title={t('unlockRequest.title')}>
        <Result
          icon={<MailOutlined />}
          title={t('unlockRequest.sentTitle')}
          subTitle={t('unlockRequest.sentText', { identifier: request.variables.identifier.trim() })}
          style={{ padding: '8px 0 16px' }}
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 20 }}>
          {t('unlockRequest.sentHint')}
        </Typography.Paragraph>
        <Flex vertical gap={12}>
          <Link to="/login">
            <Button type="primary" size="large" block>
              {t('unlockRequest.signIn')}
            </Button>
          </Link>
          <Link to="/forgot">
            <Button size="large" block>
              {t('unlockRequest.forgot')}
            </Button>
          </Link>
        </Flex>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('unlockRequest.title')} subtitle={t('unlockRequest.subtitle')}>
      <RequestErrorAlert error={request.error} />
      <Form<UnlockRequestValues>
        name="unlock-request"
        layout="vertical"
        requiredMark={false}
        initialValues={{ identifier: '' }}
        onFinish={(values) => request.mutate(values)}
      >
        <IdentifierField purpose="recovery" />
        <Button type="primary" htmlType="submit" size="large" block loading={request.isPending}>
          {t('unlockRequest.submit')}
        </Button>
      </Form>
      <Flex justify="center" style={{ marginTop: 20 }}>
        <Link to="/login">{t('common.backToSignIn')}</Link>
      </Flex>
    </AuthLayout>
  );
}
