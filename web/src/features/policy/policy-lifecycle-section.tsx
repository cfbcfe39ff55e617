import { Col, Form, InputNumber, Row, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { NumberField, Section } from './policy-sections';
import type { PolicyFormValues } from './policy-weaknesses';

const REMINDER_MIN = 1;
const REMINDER_MAX = 60;

/** policy.lifecycle: disable members who stop signing in (off by default; owners never). */
export function LifecycleSection() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<PolicyFormValues>();
  const enabled = Form.useWatch('disableInactive', form) === true;
  return (
    <div data-testid="policy-lifecycle">
      <Section title={t('policy.section.lifecycle')} description={t('policy.section.lifecycleHint')} weaknesses={[]}>
        <Row gutter={24}>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('policy.field.disableInactive')}
              name="disableInactive"
              valuePropName="checked"
              extra={t('policy.field.disableInactiveHint')}
            >
              <Switch />
            </Form.Item>
          </Col>
          {/* Hidden rather than unmounted, so their values stay in the form and are sent. */}
          <Col xs={24} md={8} style={enabled ? undefined : { display: 'none' }}>
            <NumberField
              name={['lifecycle', 'disableInactiveAfterDays']}
              label={t('policy.field.disableInactiveAfterDays')}
              min={14}
              max={3650}
              unit={t('policy.unit.days')}
            />
          </Col>
          <Col xs={24} md={8} style={enabled ? undefined : { display: 'none' }}>
            <Form.Item
              label={t('policy.field.inactivityReminderDays')}
              name={['lifecycle', 'inactivityReminderDays']}
              dependencies={['disableInactive', ['lifecycle', 'disableInactiveAfterDays']]}
              rules={[
                { required: true, message: t('policy.field.required') },
                {
                  type: 'integer',
                  min: REMINDER_MIN,
                  max: REMINDER_MAX,
                  message: t('policy.field.range', { min: REMINDER_MIN, max: REMINDER_MAX }),
                },
                ({ getFieldValue }) => ({
                  validator: (_rule, value: unknown) => {
                    const limit: unknown = getFieldValue(['lifecycle', 'disableInactiveAfterDays']);
                    const tooLate =
                      getFieldValue('disableInactive') === true &&
                      typeof value === 'number' &&
                      typeof limit === 'number' &&
                      value >= limit;
                    return tooLate
                      ? Promise.reject(new Error(t('policy.field.inactivityReminderBeforeLimit')))
                      : Promise.resolve();
                  },
                }),
              ]}
            >
              <InputNumber
                min={REMINDER_MIN}
                max={REMINDER_MAX}
                precision={0}
                suffix={t('policy.unit.days')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
      </Section>
    </div>
  );
}
