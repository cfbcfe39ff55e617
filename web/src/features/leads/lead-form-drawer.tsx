import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Drawer, Flex, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { useMe } from '../auth/session-queries';
import { isCrmError } from '../crm/crm-errors';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { leadApi, leadKeys, refreshLeads } from './lead-api';
import {
  EDITABLE_LEAD_STATUSES,
  LEAD_SOURCES,
  type EditableLeadStatus,
  type Lead,
  type LeadCreateInput,
  type LeadInput,
  type LeadSource,
} from './lead-types';

interface LeadFormValues {
  name: string;
  company?: string;
  phone?: string;
  email?: string;
  source?: LeadSource;
  status: EditableLeadStatus;
  unqualifiedReason?: string;
  notes?: string;
  ownerId?: string;
}

function valuesOf(lead: Lead | null, meId: string): LeadFormValues {
  if (lead === null) {
    return { name: '', status: 'new', ownerId: meId };
  }
  return {
    name: lead.name,
    company: lead.company ?? '',
    phone: lead.phone ?? '',
    email: lead.email ?? '',
    ...(lead.source ? { source: lead.source } : {}),
    status: lead.status === 'converted' ? 'qualified' : lead.status,
    unqualifiedReason: lead.unqualifiedReason ?? '',
    notes: lead.notes ?? '',
  };
}

/** Empty text is "no value": left out when creating, sent as null when editing so the field is cleared. */
function toInput(values: LeadFormValues, editing: boolean): LeadInput {
  const text = (value: string | undefined) => {
    const trimmed = value?.trim() ?? '';
    return trimmed === '' ? (editing ? null : undefined) : trimmed;
  };
  const optional = {
    company: text(values.company),
    phone: text(values.phone),
    email: text(values.email),
    source: values.source ?? (editing ? null : undefined),
    unqualifiedReason: values.status === 'unqualified' ? text(values.unqualifiedReason) : undefined,
    notes: text(values.notes),
  };
  const input: LeadInput = { name: values.name.trim(), status: values.status };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) {
      Object.assign(input, { [key]: value });
    }
  }
  return input;
}

/** Create or edit a lead in a side panel. Mount it only while open: each opening starts afresh. */
export function LeadFormDrawer(props: { lead: Lead | null; onClose: () => void; onSaved?: (lead: Lead) => void }) {
  const { lead, onClose, onSaved } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const directory = useMemberDirectory();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LeadFormValues>();
  const status = Form.useWatch('status', form);
  const editing = lead !== null;

  const save = useMutation({
    mutationFn: async (values: LeadFormValues) => {
      if (lead !== null) {
        return leadApi.update(lead.id, lead.version, toInput(values, true));
      }
      const input: LeadCreateInput = toInput(values, false);
      if (values.ownerId && values.ownerId !== me.user.id) {
        input.ownerId = values.ownerId;
      }
      return leadApi.create(input);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(leadKeys.detail(saved.id), saved);
      void refreshLeads(queryClient);
      void message.success(
        editing ? t('leads.form.saved', { name: saved.name }) : t('leads.form.created', { name: saved.name }),
      );
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });

  const submit = () => void form.validateFields().then((values) => save.mutate(values));
  const stale = save.error && isCrmError(save.error, 'stale_version');

  return (
    <Drawer
      open
      onClose={onClose}
      size={560}
      title={editing ? t('leads.form.editTitle', { name: lead.name }) : t('leads.form.createTitle')}
      destroyOnHidden
      data-testid="lead-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={submit}>
            {editing ? t('customers.form.save') : t('leads.form.create')}
          </Button>
        </Flex>
      }
    >
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('customers.form.staleTitle')}
          style={{ marginBottom: 16 }}
        />
      ) : (
        <FormErrorAlert error={save.error} />
      )}
      <Form<LeadFormValues>
        form={form}
        name="lead"
        layout="vertical"
        initialValues={valuesOf(lead, me.user.id)}
        onFinish={submit}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('leads.field.name')}
              rules={[
                { required: true, whitespace: true, message: t('leads.form.nameRequired') },
                { max: 100, message: t('customers.form.tooLong', { max: 100 }) },
              ]}
            >
              <Input autoComplete="off" autoFocus placeholder={t('leads.form.namePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="company" label={t('leads.field.company')} rules={[{ max: 200 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('leads.field.phone')} rules={[{ max: 50 }]}>
              <Input autoComplete="off" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="email"
              label={t('leads.field.email')}
              rules={[{ type: 'email', message: t('leads.form.emailInvalid') }, { max: 254 }]}
            >
              <Input autoComplete="off" inputMode="email" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="source" label={t('leads.field.source')}>
              <Select
                allowClear
                placeholder={t('customers.form.choose')}
                options={LEAD_SOURCES.map((source) => ({ value: source, label: t(`customers.source.${source}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('leads.field.status')} rules={[{ required: true }]}>
              <Select options={EDITABLE_LEAD_STATUSES.map((value) => ({ value, label: t(`leads.status.${value}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        {status === 'unqualified' ? (
          <Form.Item
            name="unqualifiedReason"
            label={t('leads.field.unqualifiedReason')}
            rules={[{ required: true, whitespace: true, message: t('leads.form.reasonRequired') }, { max: 500 }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        ) : null}
        {!editing && directory.members.length > 0 ? (
          <Form.Item name="ownerId" label={t('leads.field.owner')}>
            <MemberSelect members={directory.assignable} aria-label={t('leads.field.owner')} />
          </Form.Item>
        ) : null}
        <Form.Item name="notes" label={t('leads.field.notes')} rules={[{ max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
