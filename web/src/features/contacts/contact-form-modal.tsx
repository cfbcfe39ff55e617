import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Checkbox, Col, Form, Input, Modal, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { isCrmError } from '../crm/crm-errors';
import { contactApi, refreshContacts, type Contact, type ContactInput } from './contact-api';
import { CustomerPicker } from './customer-picker';

interface ContactFormValues {
  customerId?: string;
  name: string;
  title?: string;
  mobile?: string;
  email?: string;
  wechat?: string;
  isPrimary?: boolean;
  notes?: string;
}

interface ContactFormModalProps {
  /** The customer the new contact belongs to; without one the form asks for it. Ignored when editing. */
  customer?: { id: string; name: string } | null;
  /** The contact to edit; null adds one. Mount only while open. */
  contact: Contact | null;
  /** The customer has no contact yet: the first one becomes the primary contact anyway. */
  first?: boolean;
  onClose: () => void;
}

function valuesOf(contact: Contact | null, first: boolean): ContactFormValues {
  if (contact === null) {
    return { name: '', isPrimary: first };
  }
  return {
    name: contact.name,
    title: contact.title ?? '',
    mobile: contact.mobile ?? '',
    email: contact.email ?? '',
    wechat: contact.wechat ?? '',
    isPrimary: contact.isPrimary,
    notes: contact.notes ?? '',
  };
}

function toInput(values: ContactFormValues, editing: boolean): ContactInput {
  const text = (value: string | undefined) => {
    const trimmed = value?.trim() ?? '';
    return trimmed === '' ? (editing ? null : undefined) : trimmed;
  };
  const input: ContactInput = { name: values.name.trim(), isPrimary: values.isPrimary === true };
  for (const key of ['title', 'mobile', 'email', 'wechat', 'notes'] as const) {
    const value = text(values[key]);
    if (value !== undefined) {
      input[key] = value;
    }
  }
  return input;
}

/** Add or edit a contact person: name, title, mobile, e-mail, WeChat ID, primary flag and notes. */
export function ContactFormModal({ customer, contact, first = false, onClose }: ContactFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ContactFormValues>();
  const [stale, setStale] = useState(false);
  const editing = contact !== null;
  const askCustomer = !editing && !customer;

  const save = useMutation({
    mutationFn: (values: ContactFormValues) => {
      if (contact !== null) {
        return contactApi.update(contact.id, contact.version, toInput(values, true));
      }
      return contactApi.create(customer?.id ?? values.customerId ?? '', toInput(values, false));
    },
    onSuccess: (saved) => {
      void refreshContacts(queryClient);
      void message.success(
        editing ? t('contacts.form.saved', { name: saved.name }) : t('contacts.form.created', { name: saved.name }),
      );
      onClose();
    },
    onError: (error) => {
      if (isCrmError(error, 'stale_version')) {
        setStale(true);
        void refreshContacts(queryClient);
      } else {
        applyFieldErrors(form, error);
      }
    },
  });

  return (
    <Modal
      open
      title={
        editing
          ? t('contacts.form.editTitle', { name: contact.name })
          : customer
            ? t('contacts.form.createTitleFor', { customer: customer.name })
            : t('contacts.form.createTitle')
      }
      okText={editing ? t('contacts.form.save') : t('contacts.form.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: stale }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={600}
    >
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('contacts.form.staleTitle')}
          description={t('contacts.form.staleText')}
          style={{ margin: '12px 0' }}
        />
      ) : null}
      <Form<ContactFormValues>
        form={form}
        name="contact"
        layout="vertical"
        initialValues={valuesOf(contact, first)}
        onFinish={(values) => save.mutate(values)}
        disabled={stale}
        style={{ marginTop: 16 }}
      >
        {askCustomer ? (
          <Form.Item
            name="customerId"
            label={t('contacts.field.customer')}
            rules={[{ required: true, message: t('contacts.form.customerRequired') }]}
          >
            <CustomerPicker />
          </Form.Item>
        ) : null}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('contacts.field.name')}
              rules={[
                { required: true, whitespace: true, message: t('contacts.form.nameRequired') },
                { max: 100, message: t('customers.form.tooLong', { max: 100 }) },
              ]}
            >
              <Input autoComplete="off" autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="title"
              label={t('contacts.field.title')}
              rules={[{ max: 100, message: t('customers.form.tooLong', { max: 100 }) }]}
            >
              <Input autoComplete="off" placeholder={t('contacts.form.titlePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="mobile"
              label={t('contacts.field.mobile')}
              rules={[
                { pattern: /^[\d+\-\s().]+$/, message: t('customers.form.phoneInvalid') },
                { max: 50, message: t('customers.form.tooLong', { max: 50 }) },
              ]}
            >
              <Input autoComplete="off" inputMode="tel" placeholder="+86 138 0013 8000" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="email"
              label={t('contacts.field.email')}
              rules={[
                { type: 'email', message: t('common.emailInvalid') },
                { max: 254, message: t('customers.form.tooLong', { max: 254 }) },
              ]}
            >
              <Input autoComplete="off" inputMode="email" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="wechat"
              label={t('contacts.field.wechat')}
              rules={[{ max: 100, message: t('customers.form.tooLong', { max: 100 }) }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="isPrimary" valuePropName="checked" label={t('contacts.field.isPrimary')}>
              <Checkbox disabled={first}>
                {first ? t('contacts.form.firstIsPrimary') : t('contacts.form.primaryHint')}
              </Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="notes"
          label={t('contacts.field.notes')}
          rules={[{ max: 5000, message: t('customers.form.tooLong', { max: 5000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <FormErrorAlert error={stale ? null : save.error} />
      </Form>
    </Modal>
  );
}
