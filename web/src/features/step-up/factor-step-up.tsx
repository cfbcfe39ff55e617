import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import { HiddenUsernameField } from '../../components/new-password-fields';
import { useMe } from '../auth/session-queries';
import { FactorCodeField } from '../two-step/factor-code-field';
import { SmsCodeSender } from '../two-step/sms-code-sender';
import {
  codeMethodsOf,
  normalizeRecoveryCode,
  throttledText,
  twoStepApi,
  twoStepQueryKey,
  useTwoStepStatus,
  type CodeMethod,
  type SmsCodeSent,
} from '../two-step/two-step-api';
import type { StepUpMethod, StepUpMethodProps } from './step-up-context';

const switchLabel: Record<CodeMethod, string> = {
  totp: 'twoStep.signIn.useTotp',
  sms: 'twoStep.signIn.useSms',
  recovery_code: 'twoStep.signIn.useRecoveryCode',
};

interface FactorValues {
  password: string;
  code: string;
}

function isWrongPassword(error: unknown): boolean {
  return isApiError(error) && (error.code === 'current_password_incorrect' || error.code === 'invalid_credentials');
}

function isWrongCode(error: unknown): boolean {
  return isApiError(error) && error.code === 'mfa_code_invalid';
}

/** An account with a second factor confirms with the password and a code (authenticator app, SMS or recovery code). */
function PasswordAndCodeForm({ onConfirmed, onCancel }: StepUpMethodProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FactorValues>();
  const status = useTwoStepStatus();
  const codeMethods = codeMethodsOf(status.data);
  const [chosen, setChosen] = useState<CodeMethod | null>(null);
  const method: CodeMethod = chosen ?? codeMethods[0] ?? 'totp';
  const others = codeMethods.filter((candidate) => candidate !== method);
  const [smsSent, setSmsSent] = useState<SmsCodeSent | null>(null);

  const confirm = useMutation({
    mutationFn: (values: FactorValues) =>
      api.post<{ reauthenticatedUntil: string }>('/auth/reauthenticate', {
        password: values.password,
        method,
        code: method === 'recovery_code' ? normalizeRecoveryCode(values.code) : values.code,
      }),
    onSuccess: () => {
      form.resetFields();
      // A recovery code was spent: the count on the two-step page changes.
      void queryClient.invalidateQueries({ queryKey: twoStepQueryKey });
      onConfirmed();
    },
    onError: (error) => {
      if (isWrongPassword(error)) {
        form.setFields([{ name: 'password', errors: [error.message], value: '' }]);
      } else if (isWrongCode(error)) {
        form.setFields([
          { name: 'code', errors: [method === 'sms' ? t('twoStep.sms.codeInvalid') : error.message], value: '' },
        ]);
      } else if (isApiError(error) && error.code === 'second_factor_required') {
        void queryClient.invalidateQueries({ queryKey: twoStepQueryKey });
      }
    },
  });

  const switchLinks =
    others.length > 0 ? (
      <Flex gap={12} wrap>
        {others.map((other) => (
          <Button
            key={other}
            type="link"
            size="small"
            style={{ padding: 0, height: 'auto', marginTop: 4 }}
            onClick={() => {
              setChosen(other);
              form.setFields([{ name: 'code', value: '', errors: [] }]);
            }}
          >
            {t(switchLabel[other])}
          </Button>
        ))}
      </Flex>
    ) : undefined;

  const bannerError =
    confirm.error && !isWrongPassword(confirm.error) && !isWrongCode(confirm.error) ? confirm.error : null;
  const bannerText = throttledText(bannerError, t) ?? bannerError?.message ?? null;

  return (
    <Form<FactorValues>
      form={form}
      name="step-up-factor"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => confirm.mutate(values)}
    >
      <HiddenUsernameField value={me.user.email} />
      <Form.Item
        label={t('stepUp.password')}
        name="password"
        rules={[{ required: true, message: t('stepUp.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" autoFocus />
      </Form.Item>
      {method === 'sms' ? <SmsCodeSender send={twoStepApi.sendStepUpSms} sent={smsSent} onSent={setSmsSent} /> : null}
      {method !== 'sms' || smsSent ? (
        <FactorCodeField key={method} id="step-up-code" method={method} size="middle" extra={switchLinks} />
      ) : (
        <div style={{ marginTop: -8, marginBottom: 16 }}>{switchLinks}</div>
      )}
      {bannerText ? <Alert type="error" showIcon role="alert" title={bannerText} style={{ marginBottom: 16 }} /> : null}
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={confirm.isPending} disabled={method === 'sms' && !smsSent}>
          {t('stepUp.confirm')}
        </Button>
      </Flex>
    </Form>
  );
}

export const passwordAndCodeStepUp: StepUpMethod = {
  key: 'password-code',
  labelKey: 'stepUp.method.passwordAndCode',
  Form: PasswordAndCodeForm,
};
