import { Col, DatePicker, Form, Input, Row, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { customerContactFilters, useContactList } from '../contacts/contact-api';
import {
  CONTENT_MAX,
  FOLLOW_UP_TYPES,
  useCustomerDeals,
  type FollowUp,
  type FollowUpInput,
  type FollowUpType,
} from './follow-up-api';
import { FOLLOW_UP_LOOK } from './follow-up-look';

export interface FollowUpFormValues {
  type: FollowUpType;
  content: string;
  occurredAt: Dayjs;
  contactId?: string | null;
  dealId?: string | null;
  nextFollowUpAt?: Dayjs | null;
}

export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

export function emptyFollowUpValues(): FollowUpFormValues {
  return { type: 'call', content: '', occurredAt: dayjs(), contactId: null, dealId: null, nextFollowUpAt: null };
}

export function followUpValuesOf(followUp: FollowUp): FollowUpFormValues {
  return {
    type: followUp.type,
    content: followUp.content,
    occurredAt: dayjs(followUp.occurredAt),
    contactId: followUp.contactId,
    dealId: followUp.dealId,
    nextFollowUpAt: followUp.nextFollowUpAt ? dayjs(followUp.nextFollowUpAt) : null,
  };
}

export function followUpInputOf(values: FollowUpFormValues): FollowUpInput {
  return {
    type: values.type,
    content: values.content.trim(),
    occurredAt: values.occurredAt.toISOString(),
    nextFollowUpAt: values.nextFollowUpAt ? values.nextFollowUpAt.toISOString() : null,
    contactId: values.contactId ?? null,
    dealId: values.dealId ?? null,
  };
}

/** In an hour, tomorrow at 9, in three days at 9, next Monday at 9: the dates people pick most. */
function nextDatePresets(t: (key: string) => string) {
  const nine = (day: Dayjs) => day.hour(9).minute(0).second(0).millisecond(0);
  const monday = dayjs().day() === 0 ? dayjs().add(1, 'day') : dayjs().day(8);
  return [
    { label: t('followUps.presets.inAnHour'), value: dayjs().add(1, 'hour').second(0).millisecond(0) },
    { label: t('followUps.presets.tomorrow'), value: nine(dayjs().add(1, 'day')) },
    { label: t('followUps.presets.inThreeDays'), value: nine(dayjs().add(3, 'day')) },
    { label: t('followUps.presets.nextWeek'), value: nine(monday) },
  ];
}

/**
 * The fields of a follow-up: how (a segmented choice with icons), what was said, when, with whom and about which deal,
 * and when to follow up next (which puts a reminder in the owner's tasks).
 */
export function FollowUpFields({ customerId, compact = false }: { customerId: string; compact?: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<FollowUpFormValues>();
  const contacts = useContactList(customerContactFilters(customerId));
  const deals = useCustomerDeals(customerId, true);
  const contactOptions = useMemo(
    () =>
      (contacts.data?.pages.flatMap((page) => page.items) ?? []).map((contact) => ({
        value: contact.id,
        label: contact.name,
      })),
    [contacts.data],
  );
  const dealOptions = (deals.data?.items ?? []).map((deal) => ({ value: deal.id, label: deal.name }));

  return (
    <>
      <Form.Item name="type" label={compact ? undefined : t('followUps.field.type')} style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t('followUps.field.type')}
          options={FOLLOW_UP_TYPES.map((type) => ({
            value: type,
            icon: FOLLOW_UP_LOOK[type].icon,
            label: t(`followUps.type.${type}`),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="content"
        label={compact ? undefined : t('followUps.field.content')}
        rules={[
          { required: true, whitespace: true, message: t('followUps.form.contentRequired') },
          { max: CONTENT_MAX, message: t('followUps.form.tooLong', { max: CONTENT_MAX }) },
        ]}
        style={{ marginBottom: 12 }}
      >
        <Input.TextArea
          aria-label={t('followUps.field.content')}
          placeholder={t('followUps.form.contentPlaceholder')}
          autoSize={{ minRows: 3, maxRows: 12 }}
          maxLength={CONTENT_MAX}
          showCount={{
            formatter: ({ count, maxLength }) => (count > 200 ? `${count} / ${maxLength ?? CONTENT_MAX}` : ''),
          }}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="occurredAt"
            label={t('followUps.field.occurredAt')}
            rules={[{ required: true, message: t('followUps.form.occurredRequired') }]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format={DATE_TIME_FORMAT}
              allowClear={false}
              style={{ width: '100%' }}
              disabledDate={(day) => day.isAfter(dayjs(), 'day')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="nextFollowUpAt"
            label={t('followUps.field.nextFollowUpAt')}
            tooltip={t('followUps.form.nextHint')}
            dependencies={['occurredAt']}
            rules={[
              {
                validator: async (_rule, value: Dayjs | null | undefined) => {
                  const occurred = form.getFieldValue('occurredAt') as Dayjs | undefined;
                  if (value && occurred && !value.isAfter(occurred)) {
                    throw new Error(t('followUps.form.nextTooEarly'));
                  }
                },
              },
            ]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format={DATE_TIME_FORMAT}
              style={{ width: '100%' }}
              placeholder={t('followUps.form.nextPlaceholder')}
              presets={nextDatePresets(t)}
              disabledDate={(day) => day.isBefore(dayjs(), 'day')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="contactId" label={t('followUps.field.contact')}>
            <Select
              allowClear
              options={contactOptions}
              loading={contacts.isPending}
              placeholder={t('followUps.form.optional')}
              notFoundContent={t('followUps.form.noContacts')}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="dealId" label={t('followUps.field.deal')}>
            <Select
              allowClear
              options={dealOptions}
              loading={deals.isPending}
              placeholder={t('followUps.form.optional')}
              notFoundContent={t('followUps.form.noDeals')}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
