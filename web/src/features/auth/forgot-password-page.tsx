import { UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { AuthLayout } from '../../components/auth-layout';
import { ForgotSentStep } from '../account-recovery/forgot-sent-step';
import { isPhoneIdentifier, retryMinutesOf } from '../account-recovery/recovery-api';

interface ForgotValues {
  identifier: string;
}

/**
 * Forgot password: any verified address of the account (primary or backup e-mail, mobile number) receives a
 * link and a code (a code only by SMS). The answer is the same whether or not the address belongs to an account.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ForgotValues>();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendCount, setResendCount] = useState(0);

  const request = useMutation({
    mutationFn: (identifier: string) =>
      api.post<{ accepted: boolean }>('/auth/password/forgot', { identifier }).then(() => identifier),
    meta: { skipAuthRedirect: true },
    onSuccess: (identifier) => setSentTo(identifier),
  });

  if (sentTo !== null) {
    const isPhone = isPhoneIdentifier(sentTo);
    return (
      <AuthLayout title={t(isPhone ? 'forgot.checkPhoneTitle' : 'forgot.checkEmailTitle')}>
        <ForgotSentStep
          key={sentTo}
          identifier={sentTo}
          onResend={async () => {
            await request.mutateAsync(sentTo);
            setResendCount((count) => count + 1);
          }}
          resendPending={request.isPending}
          resendError={request.error}
          resent={resendCount > 0}
          onUseAnotherAddress={() => {
            request.reset();
            setResendCount(0);
            setSentTo(null);
            form.resetFields();
          }}
        />
        <Flex justify="center" style={{ marginTop: 8 }}>
          <Link to="/login">{t('common.backToSignIn')}</Link>
        </Flex>
      </AuthLayout>
    );
  }

  const blockedMinutes = retryMinutesOf(request.error);
  return (
    <AuthLayout title={t('forgot.title')} subtitle={t('forgot.subtitle')}>
      {request.error ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={
            blockedMinutes === null ? request.error.message : t('forgot.tooManyRequests', { count: blockedMinutes })
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form<ForgotValues>
        form={form}
        name="forgot"
        layout="vertical"
        requiredMark={false}
        initialValues={{ identifier: '' }}
        onFinish={(values) => request.mutate(values.identifier.trim())}
      >
        <Form.Item
          label={t('forgot.identifier')}
          name="identifier"
          extra={t('forgot.identifierHint')}
          rules={[
            { required: true, whitespace: true, message: t('forgot.identifierRequired') },
            { max: 254, message: t('forgot.identifierTooLong') },
          ]}
        >
          <Input
            size="large"
            autoComplete="username"
            autoFocus
            prefix={<UserOutlined />}
            placeholder={t('login.identifierPlaceholder')}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={request.isPending}>
          {t('forgot.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: 20, marginBottom: 12 }}>
        {t('forgot.lockedHint')} <Link to="/unlock-request">{t('forgot.lockedLink')}</Link>
      </Typography.Paragraph>
      <Flex justify="center">
        <Link to="/login">{t('common.backToSignIn')}</Link>
      </Flex>
    </AuthLayout>
  );
}
