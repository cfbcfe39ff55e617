import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Skeleton } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { InvitationState, Me } from '../../api/types';
import { AccountSummary } from '../../components/account-summary';
import { AuthLayout } from '../../components/auth-layout';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { readHashToken } from '../../components/hash-token';
import { HiddenUsernameField, NewPasswordFields } from '../../components/new-password-fields';
import { useProblemText } from '../../components/strength-meter';
import { showPasswordRejection } from '../auth/password-errors';
import { storeSession } from '../auth/session-queries';

interface InviteValues {
  name: string;
  password: string;
  passwordConfirm: string;
}

export function InvitePage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<InviteValues>();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const token = readHashToken();
  const name = (Form.useWatch('name', form) as string | undefined) ?? '';

  // Only inspects the invitation; accepting it is the explicit POST below.
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.get<InvitationState>(`/invitations/${encodeURIComponent(token ?? '')}`),
    enabled: token !== null,
    meta: { skipAuthRedirect: true },
  });
  const accept = useMutation({
    mutationFn: (values: InviteValues) =>
      api.post<Me>('/invitations/accept', { token, name: values.name.trim(), password: values.password }),
    meta: { skipAuthRedirect: true },
    onSuccess: (me) => {
      storeSession(queryClient, me);
      void navigate('/', { replace: true });
    },
    onError: (error) => {
      if (!showPasswordRejection(form, error, 'password', problemText)) {
        applyFieldErrors(form, error);
      }
    },
  });

  const invitedName = invitation.data?.name;
  useEffect(() => {
    if (invitedName && !form.getFieldValue('name')) {
      form.setFieldValue('name', invitedName);
    }
  }, [invitedName, form]);

  if (!token || (invitation.data && !invitation.data.valid)) {
    const reason = invitation.data?.reason ?? 'invalid';
    return (
      <AuthLayout title={t('invite.title')}>
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={
            token ? t(`invite.reason.${reason}`, { defaultValue: t('invite.reason.invalid') }) : t('invite.noToken')
          }
          description={reason === 'used' ? t('invite.usedHint') : t('invite.askAgain')}
          style={{ marginBottom: 24 }}
        />
        <Link to="/login">
          <Button block size="large">
            {t('common.backToSignIn')}
          </Button>
        </Link>
      </AuthLayout>
    );
  }

  const email = invitation.data?.email ?? '';
  const orgName = invitation.data?.orgName ?? '';

  return (
    <AuthLayout title={t('invite.title')} subtitle={orgName ? t('invite.subtitle', { orgName }) : undefined} wide>
      {invitation.isPending ? <Skeleton active paragraph={{ rows: 4 }} /> : null}
      {invitation.isError ? <Alert type="error" showIcon role="alert" title={invitation.error.message} /> : null}
      {invitation.data?.valid ? (
        <>
          <AccountSummary
            organisationLabel={t('invite.organisation')}
            orgName={orgName}
            accountLabel={t('invite.email')}
            email={email}
            emailTestId="invite-email"
            marginBottom={24}
          />
          <Form<InviteValues>
            form={form}
            name="invite"
            layout="vertical"
            requiredMark={false}
            onFinish={(values) => accept.mutate(values)}
          >
            <HiddenUsernameField value={email} />
            <Form.Item
              label={t('invite.name')}
              name="name"
              rules={[{ required: true, whitespace: true, message: t('invite.nameRequired') }]}
            >
              <Input size="large" autoComplete="name" />
            </Form.Item>
            <NewPasswordFields idPrefix="invite" context={{ email, name, orgName }} />
            <FormErrorAlert error={accept.error} />
            <Button type="primary" htmlType="submit" size="large" block loading={accept.isPending}>
              {t('invite.submit')}
            </Button>
          </Form>
        </>
      ) : null}
    </AuthLayout>
  );
}
