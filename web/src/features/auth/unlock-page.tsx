import { ArrowLeftOutlined, MailOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { TokenState } from '../../api/types';
import { AuthLayout } from '../../components/auth-layout';
import { readHashToken } from '../../components/hash-token';

function BackToSignIn({ primary = false }: { primary?: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/login">
      <Button
        type={primary ? 'primary' : 'default'}
        size="large"
        block
        icon={primary ? undefined : <ArrowLeftOutlined />}
      >
        {primary ? t('unlock.signIn') : t('common.backToSignIn')}
      </Button>
    </Link>
  );
}

export function UnlockPage() {
  const { t } = useTranslation();
  const token = readHashToken();

  // Opening the link only inspects the token: mail scanners pre-fetch links and must not spend it.
  const state = useQuery({
    queryKey: ['unlock-token', token],
    queryFn: () => api.get<TokenState>(`/auth/unlock/${encodeURIComponent(token ?? '')}`),
    enabled: token !== null,
    meta: { skipAuthRedirect: true },
  });
  const unlock = useMutation({
    mutationFn: () => api.post<{ unlocked: boolean }>('/auth/unlock', { token }),
    meta: { skipAuthRedirect: true },
  });

  if (!token) {
    return (
      <AuthLayout title={t('unlock.title')}>
        <Typography.Paragraph>
          <MailOutlined style={{ marginInlineEnd: 8 }} />
          {t('unlock.noTokenText')}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('unlock.noTokenHint')}</Typography.Paragraph>
        <BackToSignIn />
      </AuthLayout>
    );
  }

  if (unlock.isSuccess) {
    return (
      <AuthLayout title={t('unlock.title')}>
        <Result
          status="success"
          title={t('unlock.successTitle')}
          subTitle={t('unlock.successText')}
          style={{ padding: '8px 0 24px' }}
        />
        <BackToSignIn primary />
      </AuthLayout>
    );
  }

  const invalidReason = state.data && !state.data.valid ? (state.data.reason ?? 'invalid') : null;

  return (
    <AuthLayout title={t('unlock.title')}>
      {state.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
      {state.isError ? (
        <Alert type="error" showIcon role="alert" title={state.error.message} style={{ marginBottom: 16 }} />
      ) : null}
      {invalidReason ? (
        <>
          <Alert
            type="warning"
            showIcon
            role="alert"
            title={t(`unlock.reason.${invalidReason}`, { defaultValue: t('unlock.reason.invalid') })}
            description={t('unlock.reasonHint')}
            style={{ marginBottom: 24 }}
          />
          <BackToSignIn />
        </>
      ) : null}
      {state.data?.valid ? (
        <>
          <Typography.Paragraph>{t('unlock.validText')}</Typography.Paragraph>
          {unlock.error ? (
            <Alert type="error" showIcon role="alert" title={unlock.error.message} style={{ marginBottom: 16 }} />
          ) : null}
          <Button type="primary" size="large" block loading={unlock.isPending} onClick={() => unlock.mutate()}>
            {t('unlock.submit')}
          </Button>
          <div style={{ marginTop: 16, textAlign: 'center' }}>
            <Link to="/login">{t('common.backToSignIn')}</Link>
          </div>
        </>
      ) : null}
    </AuthLayout>
  );
}
