import { ArrowLeftOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Flex, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { AuthLayout } from '../../components/auth-layout';
import { formatDateTime } from '../../components/format';
import { LinkProblemNotice } from './link-problem';
import { linkProblemOf, tokenProblemOf } from './recovery-api';
import { useFragmentToken } from './use-fragment-token';

type ResetInspection =
  | { valid: true; email: string; orgName: string; requestedBy: string; requestedAt: string; effectiveAt: string }
  | { valid: false; reason: string };

/**
 * The link in the "your two-step verification will be reset" notice (AD-02): the member stops a reset they did not
 * ask for, or no longer need, before it takes effect; the organisation's admins are told.
 */
export function CancelTwoStepResetPage() {
  const token = useFragmentToken();
  return <CancelTwoStepResetFlow key={token ?? ''} token={token} />;
}

function CancelTwoStepResetFlow({ token }: { token: string | null }) {
  const { t } = useTranslation();
  // Only inspects: a mail scanner opening the link must not cancel the reset.
  const inspection = useQuery({
    queryKey: ['two-step-reset-cancellation', token],
    queryFn: () => api.get<ResetInspection>(`/two-step-reset-cancellations/${encodeURIComponent(token ?? '')}`),
    enabled: token !== null,
    meta: { skipAuthRedirect: true },
  });
  const cancel = useMutation({
    mutationFn: () => api.post<{ cancelled: true; email: string }>('/two-step-reset-cancellations/cancel', { token }),
    meta: { skipAuthRedirect: true },
  });
  const title = t('cancelTwoStepReset.title');

  if (cancel.isSuccess) {
    return (
      <AuthLayout title={title}>
        <Result
          status="success"
          title={t('cancelTwoStepReset.doneTitle')}
          subTitle={t('cancelTwoStepReset.doneText')}
          style={{ padding: '8px 0 16px' }}
        />
        <Link to="/login" state={{ identifier: cancel.data.email }}>
          <Button size="large" block icon={<ArrowLeftOutlined />}>
            {t('common.backToSignIn')}
          </Button>
        </Link>
      </AuthLayout>
    );
  }

  const cancelProblem = tokenProblemOf(cancel.error);
  const data = inspection.data;
  if (token === null || cancelProblem !== null || (data && !data.valid)) {
    const problem =
      token === null ? null : (cancelProblem ?? linkProblemOf(data && !data.valid ? data.reason : undefined));
    return (
      <AuthLayout title={title}>
        <LinkProblemNotice namespace="cancelTwoStepReset" problem={problem} />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={title} subtitle={t('cancelTwoStepReset.subtitle')}>
      {inspection.isPending ? <Skeleton active paragraph={{ rows: 4 }} /> : null}
      {inspection.isError ? <Alert type="error" showIcon role="alert" title={inspection.error.message} /> : null}
      {data?.valid ? (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            style={{ marginBottom: 20 }}
            // Labels as narrow as their words, so the e-mail address gets the width.
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'org', label: t('cancelTwoStepReset.organisation'), children: data.orgName },
              {
                key: 'account',
                label: t('cancelTwoStepReset.account'),
                children: <Typography.Text data-testid="cancel-reset-email">{data.email}</Typography.Text>,
              },
              {
                key: 'requested',
                label: t('cancelTwoStepReset.requested'),
                children: t('cancelTwoStepReset.requestedBy', {
                  name: data.requestedBy,
                  time: formatDateTime(data.requestedAt),
                }),
              },
              {
                key: 'effective',
                label: t('cancelTwoStepReset.effective'),
                children: (
                  <Typography.Text strong data-testid="cancel-reset-effective">
                    {formatDateTime(data.effectiveAt)}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <Typography.Paragraph>{t('cancelTwoStepReset.explain')}</Typography.Paragraph>
          <Flex vertical gap={10} style={{ marginBottom: 20 }}>
            <Flex gap={12} align="flex-start">
              <SafetyCertificateOutlined style={{ fontSize: 16, marginTop: 3 }} />
              <Typography.Text>{t('cancelTwoStepReset.effectFactors')}</Typography.Text>
            </Flex>
            <Flex gap={12} align="flex-start">
              <TeamOutlined style={{ fontSize: 16, marginTop: 3 }} />
              <Typography.Text>{t('cancelTwoStepReset.effectAdmins')}</Typography.Text>
            </Flex>
          </Flex>
          {cancel.error ? (
            <Alert type="error" showIcon role="alert" title={cancel.error.message} style={{ marginBottom: 16 }} />
          ) : null}
          <Button type="primary" size="large" block loading={cancel.isPending} onClick={() => cancel.mutate()}>
            {t('cancelTwoStepReset.submit')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: 16, marginBottom: 0 }}>
            {t('cancelTwoStepReset.keep', { time: formatDateTime(data.effectiveAt) })}
          </Typography.Paragraph>
        </>
      ) : null}
    </AuthLayout>
  );
}
