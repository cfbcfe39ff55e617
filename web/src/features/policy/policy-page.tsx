import { CheckCircleOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client';
import type { PolicyPresetName, SecurityPolicy, SecurityPolicyResponse } from '../../api/types';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { PageHeading } from '../../components/page-section';
import { AdminRecoverySection } from './policy-admin-recovery-section';
import { LifecycleSection } from './policy-lifecycle-section';
import { RecoverySection } from './policy-recovery-section';
import { LockoutSection, PasswordSection, SessionSection } from './policy-sections';
import { TwoStepSection } from './policy-two-step-section';
import { WEAKNESS_SECTIONS, listPolicyWeaknesses, samePolicy, toFormValues, toPolicy } from './policy-weaknesses';
import type { PolicyFormValues, WeaknessSection } from './policy-weaknesses';
import { WeaknessAlerts } from './weakness-alerts';

const policyQueryKey = ['security-policy'] as const;
const PRESETS: PolicyPresetName[] = ['nist', 'strictLockout', 'pci'];

export function PolicyPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PolicyFormValues>();
  const [draft, setDraft] = useState<SecurityPolicy | null>(null);
  const [serverWeaknesses, setServerWeaknesses] = useState<string[]>([]);
  const policy = useQuery({
    queryKey: policyQueryKey,
    queryFn: () => api.get<SecurityPolicyResponse>('/security-policy'),
  });

  const loaded = policy.data;
  useEffect(() => {
    if (loaded) {
      form.setFieldsValue(toFormValues(loaded.policy));
      setDraft(loaded.policy);
      setServerWeaknesses(loaded.weaknesses);
    }
  }, [loaded, form]);

  const save = useMutation({
    mutationFn: (next: SecurityPolicy) =>
      api.put<{ policy: SecurityPolicy; weaknesses: string[] }>('/security-policy', { policy: next }),
    onSuccess: (result) => {
      queryClient.setQueryData<SecurityPolicyResponse>(policyQueryKey, (previous) =>
        previous ? { ...previous, policy: result.policy, weaknesses: result.weaknesses } : previous,
      );
      void message.success(t('policy.saved'));
    },
    onError: (error) => applyFieldErrors(form, error, (path) => path.replace(/^policy\./, '').split('.')),
  });

  const weaknesses = useMemo(() => {
    if (!draft || !loaded) {
      return [];
    }
    const live = listPolicyWeaknesses(draft, loaded.defaults);
    // Codes only the server knows (a newer server) still deserve a warning.
    const extra = serverWeaknesses.filter((code) => !(code in WEAKNESS_SECTIONS) && !live.includes(code));
    return [...live, ...extra];
  }, [draft, loaded, serverWeaknesses]);

  if (policy.isPending) {
    return <Skeleton active paragraph={{ rows: 12 }} />;
  }
  if (policy.isError) {
    return <Alert type="error" showIcon title={policy.error.message} />;
  }

  const inSection = (section: WeaknessSection) => weaknesses.filter((code) => WEAKNESS_SECTIONS[code] === section);
  const unsectioned = weaknesses.filter((code) => !(code in WEAKNESS_SECTIONS));
  const isDirty = draft !== null && !samePolicy(draft, policy.data.policy);

  const applyPreset = (preset: PolicyPresetName) => {
    // Presets are about passwords, lockout and sessions; the organisation's recovery, two-step, lifecycle and
    // admin-recovery settings stay.
    const current = toPolicy(form.getFieldsValue(true) as PolicyFormValues);
    const values = {
      ...policy.data.presets[preset],
      requireTwoStep: current.requireTwoStep,
      recovery: current.recovery,
      twoStep: current.twoStep,
      lifecycle: current.lifecycle,
      adminRecovery: current.adminRecovery,
    };
    form.setFieldsValue(toFormValues(values));
    setDraft(values);
    void form.validateFields();
    void message.info(t('policy.presetApplied', { preset: t(`policy.preset.${preset}`) }));
  };

  const resetForm = () => {
    form.setFieldsValue(toFormValues(policy.data.policy));
    setDraft(policy.data.policy);
    save.reset();
  };

  const submit = async () => {
    await form.validateFields();
    // getFieldsValue(true) includes fields that are currently hidden.
    save.mutate(toPolicy(form.getFieldsValue(true) as PolicyFormValues));
  };

  const saveError =
    save.error && !(isApiError(save.error) && save.error.code === 'validation_failed' && save.error.details.length > 0)
      ? save.error
      : null;

  return (
    <Flex vertical gap={20}>
      <PageHeading title={t('policy.title')} description={t('policy.description')} />
      <Card variant="borderless" title={t('policy.presets.title')}>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('policy.presets.hint')}
        </Typography.Paragraph>
        <Space wrap>
          {PRESETS.map((preset) => (
            <Button key={preset} onClick={() => applyPreset(preset)} data-testid={`preset-${preset}`}>
              {t(`policy.preset.${preset}`)}
            </Button>
          ))}
        </Space>
      </Card>
      {weaknesses.length === 0 ? (
        <Alert type="success" showIcon icon={<CheckCircleOutlined />} title={t('policy.noWeaknesses')} />
      ) : (
        <Alert type="warning" showIcon title={t('policy.weaknessSummary', { count: weaknesses.length })} />
      )}
      <WeaknessAlerts codes={unsectioned} />
      <Form<PolicyFormValues>
        form={form}
        name="policy"
        layout="vertical"
        requiredMark={false}
        onValuesChange={(_changed, all) =>
          setDraft(toPolicy({ ...(form.getFieldsValue(true) as PolicyFormValues), ...all }))
        }
      >
        <Flex vertical gap={20}>
          <PasswordSection weaknesses={inSection('password')} />
          <LockoutSection weaknesses={inSection('lockout')} />
          <SessionSection weaknesses={inSection('session')} />
          <TwoStepSection weaknesses={inSection('twoStep')} />
          <RecoverySection weaknesses={inSection('recovery')} />
          <AdminRecoverySection weaknesses={inSection('adminRecovery')} />
          <LifecycleSection />
        </Flex>
      </Form>
      <div style={{ position: 'sticky', bottom: 0, zIndex: 5 }}>
        <Card
          variant="borderless"
          styles={{ body: { padding: '14px 24px' } }}
          style={{ boxShadow: '0 -2px 12px rgba(15, 23, 42, 0.06)' }}
        >
          <FormErrorAlert error={saveError} />
          <Flex justify="space-between" align="center" gap={12} wrap>
            <span>
              {isDirty ? (
                <Tag color="orange">{t('policy.unsaved')}</Tag>
              ) : (
                <Typography.Text type="secondary">{t('policy.upToDate')}</Typography.Text>
              )}
            </span>
            <Space>
              <Button icon={<UndoOutlined />} disabled={!isDirty} onClick={resetForm}>
                {t('policy.discard')}
              </Button>
              <Button type="primary" loading={save.isPending} onClick={() => void submit().catch(() => undefined)}>
                {t('policy.save')}
              </Button>
            </Space>
          </Flex>
        </Card>
      </div>
    </Flex>
  );
}
