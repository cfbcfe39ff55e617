import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Col, Divider, Form, Input, Modal, Row, Segmented, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { CustomerPicker } from '../contacts/customer-picker';
import { isCrmError } from '../crm/crm-errors';
import { COMMON_CURRENCIES } from '../crm/money-format';
import { customerApi, refreshCustomers } from '../customers/customer-api';
import type { DuplicateCustomer } from '../customers/customer-types';
import { DuplicateAlert } from '../customers/duplicate-alert';
import { usePipeline } from '../deals/deal-api';
import { stageLabel } from '../deals/deal-format';
import { leadApi, refreshLeads } from './lead-api';
import type { Lead, LeadConvertInput } from './lead-types';

interface ConvertValues {
  customerMode: 'new' | 'existing';
  customerName?: string;
  customerPhone?: string;
  customerId?: string;
  contactName: string;
  contactTitle?: string;
  contactMobile?: string;
  contactEmail?: string;
  withDeal: boolean;
  dealName?: string;
  dealAmount?: string;
  dealCurrency?: string;
  dealStageId?: string;
}

const trimmed = (value: string | undefined) => {
  const text = value?.trim() ?? '';
  return text === '' ? undefined : text;
};

function toInput(lead: Lead, values: ConvertValues, allowDuplicate: boolean): LeadConvertInput {
  const strip = <T extends object>(object: T) =>
    Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
  const customer =
    values.customerMode === 'existing'
      ? { id: values.customerId ?? '' }
      : strip({
          name: values.customerName?.trim() ?? '',
          phone: trimmed(values.customerPhone),
          source: lead.source ?? undefined,
          allowDuplicate: allowDuplicate || undefined,
        });
  const contact = strip({
    name: values.contactName.trim(),
    title: trimmed(values.contactTitle),
    mobile: trimmed(values.contactMobile),
    email: trimmed(values.contactEmail),
  });
  const deal = values.withDeal
    ? strip({
        name: values.dealName?.trim() ?? '',
        amount: trimmed(values.dealAmount),
        currency: values.dealCurrency,
        stageId: values.dealStageId,
      })
    : undefined;
  return { customer, contact, ...(deal ? { deal } : {}) };
}

/** Converts a lead into a customer (new, prefilled from the lead, or an existing one), a contact and maybe a deal. */
export function LeadConvertDialog({ lead, onClose }: { lead: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const pipeline = usePipeline();
  const [form] = Form.useForm<ConvertValues>();
  const mode = Form.useWatch('customerMode', form) ?? 'new';
  const withDeal = Form.useWatch('withDeal', form) ?? false;
  const [duplicates, setDuplicates] = useState<DuplicateCustomer[] | null>(null);
  const openStages = (pipeline.data?.stages ?? []).filter((stage) => stage.kind === 'open');

  const convert = useMutation({
    mutationFn: ({ values, allowDuplicate }: { values: ConvertValues; allowDuplicate: boolean }) =>
      leadApi.convert(lead.id, toInput(lead, values, allowDuplicate)),
    onSuccess: (result) => {
      void refreshLeads(queryClient);
      void refreshCustomers(queryClient);
      void queryClient.invalidateQueries({ queryKey: ['deals'] });
      void message.success(t('leads.convert.done', { name: lead.name }));
      onClose();
      void navigate(`/customers/${result.customerId}`);
    },
    onError: async (error, { values }) => {
      if (isCrmError(error, 'possible_duplicate')) {
        const found = await customerApi
          .duplicates({
            name: values.customerName ?? '',
            ...(values.customerPhone ? { phone: values.customerPhone } : {}),
          })
          .catch(() => ({ duplicates: [] }));
        setDuplicates(found.duplicates);
      } else {
        applyFieldErrors(form, error);
      }
    },
  });

  const submit = (allowDuplicate: boolean) =>
    void form.validateFields().then((values) => {
      setDuplicates(null);
      convert.mutate({ values, allowDuplicate });
    });

  const initialValues: ConvertValues = {
    customerMode: 'new',
    customerName: lead.company ?? lead.name,
    customerPhone: lead.phone ?? '',
    contactName: lead.name,
    contactMobile: lead.phone ?? '',
    contactEmail: lead.email ?? '',
    withDeal: false,
    dealName: lead.company ?? lead.name,
    dealCurrency: 'CNY',
  };
  const required = (text: string) => [{ required: true, whitespace: true, message: text }];

  return (
    <Modal
      open
      width={640}
      title={t('leads.convert.title', { name: lead.name })}
      okText={t('leads.convert.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={convert.isPending}
      onOk={() => submit(false)}
      onCancel={onClose}
      destroyOnHidden
      data-testid="lead-convert-dialog"
    >
      <Typography.Paragraph type="secondary">{t('leads.convert.intro')}</Typography.Paragraph>
      {duplicates !== null && duplicates.length > 0 ? (
        <DuplicateAlert
          duplicates={duplicates}
          blocking
          onCreateAnyway={() => submit(true)}
          creating={convert.isPending}
        />
      ) : isCrmError(convert.error, 'possible_duplicate') ? null : (
        <FormErrorAlert error={convert.error} />
      )}
      <Form<ConvertValues> form={form} name="lead-convert" layout="vertical" initialValues={initialValues}>
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('leads.convert.customer')}
        </Divider>
        <Form.Item name="customerMode">
          <Segmented
            options={[
              { value: 'new', label: t('leads.convert.newCustomer') },
              { value: 'existing', label: t('leads.convert.existingCustomer') },
            ]}
          />
        </Form.Item>
        {mode === 'new' ? (
          <Row gutter={16}>
            <Col xs={24} sm={14}>
              <Form.Item
                name="customerName"
                label={t('leads.convert.customerName')}
                rules={required(t('customers.form.nameRequired'))}
              >
                <Input autoComplete="off" maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item name="customerPhone" label={t('customers.field.phone')}>
                <Input autoComplete="off" maxLength={50} />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Form.Item
            name="customerId"
            label={t('leads.convert.pickCustomer')}
            rules={[{ required: true, message: t('leads.convert.pickCustomer') }]}
          >
            <CustomerPicker />
          </Form.Item>
        )}
        <Divider titlePlacement="start">{t('leads.convert.contact')}</Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactName"
              label={t('leads.convert.contactName')}
              rules={required(t('leads.form.nameRequired'))}
            >
              <Input autoComplete="off" maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactTitle" label={t('contacts.field.title')}>
              <Input autoComplete="off" maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactMobile" label={t('contacts.field.mobile')}>
              <Input autoComplete="off" maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactEmail"
              label={t('contacts.field.email')}
              rules={[{ type: 'email', message: t('leads.form.emailInvalid') }]}
            >
              <Input autoComplete="off" maxLength={254} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('leads.convert.deal')}</Divider>
        <Form.Item name="withDeal" valuePropName="checked" style={{ marginBottom: withDeal ? 12 : 0 }}>
          <Checkbox>{t('leads.convert.withDeal')}</Checkbox>
        </Form.Item>
        {withDeal ? (
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="dealName"
                label={t('leads.convert.dealName')}
                rules={required(t('leads.form.nameRequired'))}
              >
                <Input autoComplete="off" maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="dealStageId" label={t('leads.convert.dealStage')}>
                <Select
                  allowClear
                  placeholder={t('leads.convert.firstStage')}
                  options={openStages.map((stage) => ({ value: stage.id, label: stageLabel(t, stage) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="dealAmount"
                label={t('leads.convert.dealAmount')}
                rules={[{ pattern: /^\d{1,16}(\.\d{1,2})?$/, message: t('leads.convert.amountInvalid') }]}
              >
                <Input autoComplete="off" inputMode="decimal" placeholder="0.00" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="dealCurrency" label={t('leads.convert.dealCurrency')}>
                <Select options={COMMON_CURRENCIES.map((code) => ({ value: code, label: code }))} />
              </Form.Item>
            </Col>
          </Row>
        ) : null}
      </Form>
    </Modal>
  );
}
