import { Checkbox, Flex, Form, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import type { RecoveryDelivery } from './member-admin-api';

export type DeliveryChoice = 'email_known' | 'sms_known' | 'email_other' | 'sms_other' | 'in_person';

export interface DeliveryValues {
  choice: DeliveryChoice;
  otherEmail?: string;
  otherPhone?: string;
}

/** The delivery as the API takes it. */
export function deliveryOf(values: DeliveryValues, member: MemberListItem | null): RecoveryDelivery {
  switch (values.choice) {
    case 'email_known':
      return { channel: 'email', address: member?.email ?? '' };
    case 'sms_known':
      return { channel: 'sms', address: member?.phone ?? '' };
    case 'email_other':
      return { channel: 'email', address: values.otherEmail?.trim() ?? '' };
    case 'sms_other':
      return { channel: 'sms', address: values.otherPhone?.trim() ?? '' };
    case 'in_person':
      return { channel: 'in_person' };
  }
}

function ChoiceLabel({ title, hint }: { title: string; hint?: string }) {
  return (
    <span>
      <Typography.Text>{title}</Typography.Text>
      {hint ? (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
          {hint}
        </Typography.Text>
      ) : null}
    </span>
  );
}

/**
 * Where the one-time link goes: the member's sign-in e-mail or mobile, an address the admin types (their old
 * mailbox is what they lost), or a link shown once to hand over in person. Also: reset two-step at the same time.
 */
export function DeliveryFields({ member, active }: { member: MemberListItem; active: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const choice = Form.useWatch('choice', form) as DeliveryChoice | undefined;

  return (
    <>
      <Form.Item name="choice" label={t('members.delivery.label')} rules={[{ required: active }]}>
        <Radio.Group>
          <Flex vertical gap={10}>
            <Radio value="email_known">
              <ChoiceLabel title={t('members.delivery.emailKnown', { address: member.email })} />
            </Radio>
            {member.phone ? (
              <Radio value="sms_known">
                <ChoiceLabel title={t('members.delivery.smsKnown', { address: member.phone })} />
              </Radio>
            ) : null}
            <Radio value="email_other">
              <ChoiceLabel title={t('members.delivery.emailOther')} hint={t('members.delivery.otherHint')} />
            </Radio>
            {choice === 'email_other' ? (
              <Form.Item
                name="otherEmail"
                style={{ margin: '0 0 0 24px' }}
                rules={[
                  { required: active, message: t('members.invite.emailRequired') },
                  { type: 'email', message: t('common.emailInvalid') },
                ]}
              >
                <Input type="email" autoComplete="off" aria-label={t('members.delivery.emailOther')} />
              </Form.Item>
            ) : null}
            <Radio value="sms_other">
              <ChoiceLabel title={t('members.delivery.smsOther')} hint={t('members.delivery.otherHint')} />
            </Radio>
            {choice === 'sms_other' ? (
              <Form.Item
                name="otherPhone"
                style={{ margin: '0 0 0 24px' }}
                rules={[{ required: active, whitespace: true, message: t('members.delivery.phoneRequired') }]}
                extra={t('members.delivery.phoneHint')}
              >
                <Input
                  type="tel"
                  autoComplete="off"
                  aria-label={t('members.delivery.smsOther')}
                  placeholder="+86 138 0013 8000"
                />
              </Form.Item>
            ) : null}
            <Radio value="in_person">
              <ChoiceLabel title={t('members.delivery.inPerson')} hint={t('members.delivery.inPersonHint')} />
            </Radio>
          </Flex>
        </Radio.Group>
      </Form.Item>
      {member.twoStep.enrolled ? (
        <Form.Item name="resetTwoStep" valuePropName="checked" extra={t('members.delivery.resetTwoStepHint')}>
          <Checkbox>{t('members.delivery.resetTwoStep')}</Checkbox>
        </Form.Item>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('members.delivery.linkRules')}
      </Typography.Paragraph>
    </>
  );
}
