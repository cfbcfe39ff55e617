import { Alert, Col, Form, Row, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { NumberField, Section, type SectionProps } from './policy-sections';

/** policy.adminRecovery: how an admin's two-step reset of a member is held back (AD-02), and what it costs. */
export function AdminRecoverySection({ weaknesses }: SectionProps) {
  const { t } = useTranslation();
  return (
    <div data-testid="policy-admin-recovery">
      <Section
        title={t('policy.adminRecovery.title')}
        description={t('policy.adminRecovery.hint')}
        weaknesses={weaknesses}
      >
        <Row gutter={24}>
          <Col xs={24} md={12}>
            <NumberField
              name={['adminRecovery', 'twoStepResetDelayHours']}
              label={t('policy.adminRecovery.delay')}
              min={0}
              max={168}
              unit={t('policy.unit.hours')}
              extra={t('policy.adminRecovery.delayHint')}
            />
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('policy.adminRecovery.approval')}
              name={['adminRecovery', 'twoStepResetNeedsApproval']}
              valuePropName="checked"
              extra={t('policy.adminRecovery.approvalHint')}
            >
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Alert
          type="info"
          showIcon
          title={t('policy.adminRecovery.tradeOffTitle')}
          description={t('policy.adminRecovery.tradeOff')}
        />
      </Section>
    </div>
  );
}
