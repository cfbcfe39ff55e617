import { Card, Col, Form, InputNumber, Row, Select, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { everyRoleNeedsTwoStep, type PolicyFormValues } from './policy-weaknesses';
import { WeaknessAlerts } from './weakness-alerts';

export interface SectionProps {
  weaknesses: string[];
}

export function Section({
  title,
  description,
  weaknesses,
  children,
}: SectionProps & { title: string; description: string; children: ReactNode }) {
  return (
    <Card variant="borderless" title={title}>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {description}
      </Typography.Paragraph>
      <WeaknessAlerts codes={weaknesses} />
      {children}
    </Card>
  );
}

export function NumberField({
  name,
  label,
  min,
  max,
  unit,
  extra,
}: {
  name: string | string[];
  label: string;
  min: number;
  max: number;
  unit?: string;
  extra?: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={label}
      name={name}
      extra={extra}
      rules={[
        { required: true, message: t('policy.field.required') },
        { type: 'integer', min, max, message: t('policy.field.range', { min, max }) },
      ]}
    >
      <InputNumber min={min} max={max} precision={0} suffix={unit} style={{ width: '100%' }} />
    </Form.Item>
  );
}

export function PasswordSection({ weaknesses }: SectionProps) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<PolicyFormValues>();
  const passwordExpires = Form.useWatch('passwordExpires', form) === true;
  const scoreOptions = [0, 1, 2, 3, 4].map((score) => ({
    value: score,
    label: t(`policy.field.minScoreOption.${score}`),
  }));
  const composition = ['requireUpper', 'requireLower', 'requireDigit', 'requireSymbol'] as const;

  return (
    <Section
      title={t('policy.section.password')}
      description={t('policy.section.passwordHint')}
      weaknesses={weaknesses}
    >
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('policy.field.minLength')}
            name="minLength"
            dependencies={['requireTwoStep', ['twoStep', 'roles']]}
            extra={t('policy.field.minLengthHint')}
            rules={[
              { required: true, message: t('policy.field.required') },
              { type: 'integer', min: 8, max: 64, message: t('policy.field.range', { min: 8, max: 64 }) },
              ({ getFieldValue }) => ({
                validator: (_rule, value: unknown) =>
                  typeof value === 'number' &&
                  value < 15 &&
                  !everyRoleNeedsTwoStep(getFieldValue('requireTwoStep'), getFieldValue(['twoStep', 'roles']))
                    ? Promise.reject(new Error(t('policy.field.minLengthNeedsTwoStep')))
                    : Promise.resolve(),
              }),
            ]}
          >
            <InputNumber
              min={8}
              max={64}
              precision={0}
              suffix={t('policy.unit.characters')}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t('policy.field.minScore')} name="minScore" extra={t('policy.field.minScoreHint')}>
            <Select options={scoreOptions} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label={t('policy.field.forbidContextWords')}
        name="forbidContextWords"
        valuePropName="checked"
        extra={t('policy.field.forbidContextWordsHint')}
      >
        <Switch />
      </Form.Item>
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        {t('policy.field.composition')}
      </Typography.Text>
      <Row gutter={24}>
        {composition.map((field) => (
          <Col key={field} xs={12} md={6}>
            <Form.Item label={t(`policy.field.${field}`)} name={field} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Row gutter={24}>
        <Col xs={24} md={8}>
          <Form.Item label={t('policy.field.passwordExpires')} name="passwordExpires" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        {/* Hidden rather than unmounted, so their values stay in the form and are sent. */}
        <Col xs={24} md={8} style={passwordExpires ? undefined : { display: 'none' }}>
          <NumberField
            name="maxAgeDays"
            label={t('policy.field.maxAgeDays')}
            min={30}
            max={3650}
            unit={t('policy.unit.days')}
          />
        </Col>
        <Col xs={24} md={8} style={passwordExpires ? undefined : { display: 'none' }}>
          <NumberField
            name="expiryReminderDays"
            label={t('policy.field.expiryReminderDays')}
            min={1}
            max={60}
            unit={t('policy.unit.days')}
          />
        </Col>
      </Row>
    </Section>
  );
}

export function LockoutSection({ weaknesses }: SectionProps) {
  const { t } = useTranslation();
  return (
    <Section title={t('policy.section.lockout')} description={t('policy.section.lockoutHint')} weaknesses={weaknesses}>
      <Row gutter={24}>
        <Col xs={24} md={8}>
          <NumberField
            name={['lockout', 'maxFailures']}
            label={t('policy.field.maxFailures')}
            min={3}
            max={100}
            unit={t('policy.unit.attempts')}
          />
        </Col>
        <Col xs={24} md={8}>
          <NumberField
            name={['lockout', 'windowMinutes']}
            label={t('policy.field.windowMinutes')}
            min={1}
            max={1440}
            unit={t('policy.unit.minutes')}
          />
        </Col>
        <Col xs={24} md={8}>
          <NumberField
            name={['lockout', 'lockMinutes']}
            label={t('policy.field.lockMinutes')}
            min={1}
            max={1440}
            unit={t('policy.unit.minutes')}
          />
        </Col>
      </Row>
    </Section>
  );
}

export function SessionSection({ weaknesses }: SectionProps) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<PolicyFormValues>();
  const allowRemember = Form.useWatch(['session', 'allowRemember'], form) === true;
  return (
    <Section title={t('policy.section.session')} description={t('policy.section.sessionHint')} weaknesses={weaknesses}>
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <NumberField
            name={['session', 'idleMinutes']}
            label={t('policy.field.idleMinutes')}
            min={5}
            max={60}
            unit={t('policy.unit.minutes')}
          />
        </Col>
        <Col xs={24} md={12}>
          <NumberField
            name={['session', 'absoluteHours']}
            label={t('policy.field.absoluteHours')}
            min={1}
            max={24}
            unit={t('policy.unit.hours')}
          />
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('policy.field.allowRemember')}
            name={['session', 'allowRemember']}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} style={allowRemember ? undefined : { display: 'none' }}>
          <NumberField
            name={['session', 'rememberDays']}
            label={t('policy.field.rememberDays')}
            min={1}
            max={30}
            unit={t('policy.unit.days')}
          />
        </Col>
      </Row>
    </Section>
  );
}
