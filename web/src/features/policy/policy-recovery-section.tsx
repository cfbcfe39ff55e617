import { Col, Form, Input, Row, Select, Switch } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { NumberField, Section, type SectionProps } from './policy-sections';
import type { PolicyFormValues } from './policy-weaknesses';

/** Regions offered for reading numbers typed without a country code; any other needs the +code. */
const PHONE_REGIONS = [
  'CN',
  'HK',
  'MO',
  'TW',
  'SG',
  'MY',
  'JP',
  'KR',
  'IN',
  'AU',
  'NZ',
  'US',
  'CA',
  'GB',
  'IE',
  'DE',
  'FR',
  'NL',
  'ES',
  'IT',
];

function useRegionOptions(current: string | undefined) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const names = new Intl.DisplayNames([language], { type: 'region' });
    // A region saved through the API that the list does not offer still shows by name.
    const codes = current && !PHONE_REGIONS.includes(current) ? [current, ...PHONE_REGIONS] : PHONE_REGIONS;
    return [
      { value: '', label: t('policy.recovery.phoneRegionNone') },
      ...codes.map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` })),
    ];
  }, [current, language, t]);
}

/** policy.recovery: codes and links, security questions, required ways back, anti-phishing phrase, phone region. */
export function RecoverySection({ weaknesses }: SectionProps) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<PolicyFormValues>();
  const regionOptions = useRegionOptions(Form.useWatch(['recovery', 'phoneRegion'], form));
  return (
    <Section title={t('policy.recovery.title')} description={t('policy.recovery.hint')} weaknesses={weaknesses}>
      <Row gutter={24}>
        <Col xs={24} md={8}>
          <NumberField
            name={['recovery', 'codeDigits']}
            label={t('policy.recovery.codeDigits')}
            min={6}
            max={8}
            unit={t('policy.recovery.digits')}
          />
        </Col>
        <Col xs={24} md={8}>
          <NumberField
            name={['recovery', 'codeMinutes']}
            label={t('policy.recovery.codeMinutes')}
            min={1}
            max={10}
            unit={t('policy.unit.minutes')}
          />
        </Col>
        <Col xs={24} md={8}>
          <NumberField
            name={['recovery', 'linkMinutes']}
            label={t('policy.recovery.linkMinutes')}
            min={5}
            max={60}
            unit={t('policy.unit.minutes')}
          />
        </Col>
      </Row>
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('policy.recovery.requireTwoWaysBack')}
            name={['recovery', 'requireTwoWaysBack']}
            valuePropName="checked"
            extra={t('policy.recovery.requireTwoWaysBackHint')}
          >
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('policy.recovery.securityQuestions')}
            name={['recovery', 'securityQuestions']}
            valuePropName="checked"
            extra={t('policy.recovery.securityQuestionsHint')}
          >
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={24}>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('policy.recovery.antiPhishingPhrase')}
            name={['recovery', 'antiPhishingPhrase']}
            extra={t('policy.recovery.antiPhishingPhraseHint')}
            rules={[{ max: 60, message: t('policy.recovery.antiPhishingPhraseTooLong', { max: 60 }) }]}
          >
            <Input
              maxLength={60}
              showCount
              autoComplete="off"
              placeholder={t('policy.recovery.antiPhishingPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('policy.recovery.phoneRegion')}
            name={['recovery', 'phoneRegion']}
            extra={t('policy.recovery.phoneRegionHint')}
          >
            <Select options={regionOptions} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        </Col>
      </Row>
    </Section>
  );
}
