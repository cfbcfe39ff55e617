import { Checkbox, Col, Form, Row, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RoleName } from '../../api/types';
import { NumberField, Section, type SectionProps } from './policy-sections';
import type { PolicyFormValues } from './policy-weaknesses';

const ROLES: RoleName[] = ['owner', 'admin', 'manager', 'sales', 'viewer'];

/** requireTwoStep + policy.twoStep: who must use it, grace period, SMS, trusted browsers, delay for new factors. */
export function TwoStepSection({ weaknesses }: SectionProps) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<PolicyFormValues>();
  const required = Form.useWatch('requireTwoStep', form) === true;
  return (
    <div data-testid="policy-two-step">
      <Section title={t('twoStep.policy.title')} description={t('twoStep.policy.hint')} weaknesses={weaknesses}>
        <Form.Item
          label={t('twoStep.policy.require')}
          name="requireTwoStep"
          valuePropName="checked"
          extra={t('twoStep.policy.requireHint')}
        >
          <Switch />
        </Form.Item>
        {/* Hidden rather than unmounted, so the values stay in the form and are sent. */}
        <Row gutter={24} style={required ? undefined : { display: 'none' }}>
          <Col xs={24} md={16}>
            <Form.Item
              label={t('twoStep.policy.roles')}
              name={['twoStep', 'roles']}
              extra={t('twoStep.policy.rolesHint')}
              rules={[{ type: 'array', min: 1, message: t('twoStep.policy.rolesRequired') }]}
            >
              <Checkbox.Group options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <NumberField
              name={['twoStep', 'graceDays']}
              label={t('twoStep.policy.graceDays')}
              min={0}
              max={30}
              unit={t('policy.unit.days')}
              extra={t('twoStep.policy.graceDaysHint')}
            />
          </Col>
        </Row>
        <Row gutter={24}>
          <Col xs={24} md={8}>
            <NumberField
              name={['twoStep', 'trustBrowserDays']}
              label={t('twoStep.policy.trustBrowserDays')}
              min={0}
              max={30}
              unit={t('policy.unit.days')}
              extra={t('twoStep.policy.trustBrowserDaysHint')}
            />
          </Col>
          <Col xs={24} md={8}>
            <NumberField
              name={['twoStep', 'newFactorDelayHours']}
              label={t('twoStep.policy.newFactorDelayHours')}
              min={0}
              max={168}
              unit={t('policy.unit.hours')}
              extra={t('twoStep.policy.newFactorDelayHoursHint')}
            />
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('twoStep.policy.allowSms')}
              name={['twoStep', 'allowSms']}
              valuePropName="checked"
              extra={t('twoStep.policy.allowSmsHint')}
            >
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Section>
    </div>
  );
}
