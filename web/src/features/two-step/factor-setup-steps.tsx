import { Button, Flex, Form, Steps } from 'antd';
import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';

/** The three steps of adding a factor: its own two, then the recovery codes (shown when it is the first factor). */
export function SetupSteps({ current, first, second }: { current: number; first: string; second: string }) {
  const { t } = useTranslation();
  return (
    <Steps
      size="small"
      current={current}
      style={{ margin: '12px 0 24px' }}
      items={[{ title: first }, { title: second }, { title: t('twoStep.totp.stepCodes') }]}
    />
  );
}

interface SetupStepFormProps<Values> {
  form: FormInstance<Values>;
  /** Form name, unique on the page (field ids derive from it). */
  name: string;
  initialValues?: Partial<Values>;
  onFinish: (values: Values) => void;
  /** Shown above the buttons; a cancelled "confirm it's you" is left out by the caller. */
  error?: Error | null;
  submitLabel: string;
  submitIcon?: ReactNode;
  submitting: boolean;
  onCancel: () => void;
  children: ReactNode;
}

/** One form step of an add-factor dialog: its fields, the server's error, then Cancel and the step's action. */
export function SetupStepForm<Values>({
  form,
  name,
  initialValues,
  onFinish,
  error,
  submitLabel,
  submitIcon,
  submitting,
  onCancel,
  children,
}: SetupStepFormProps<Values>) {
  const { t } = useTranslation();
  return (
    <Form<Values>
      form={form}
      name={name}
      layout="vertical"
      requiredMark={false}
      initialValues={initialValues}
      onFinish={onFinish}
    >
      {children}
      <FormErrorAlert error={error} />
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" icon={submitIcon} loading={submitting}>
          {submitLabel}
        </Button>
      </Flex>
    </Form>
  );
}
