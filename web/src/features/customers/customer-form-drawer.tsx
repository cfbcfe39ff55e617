import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Drawer, Flex, Form, Input, Row, Segmented, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useMe } from '../auth/session-queries';
import { isCrmError } from '../crm/crm-errors';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { useTeams } from '../teams/teams-api';
import { customerApi, customerKeys, refreshCustomers } from './customer-api';
import {
  CUSTOMER_LEVELS,
  CUSTOMER_SOURCES,
  CUSTOMER_STATUSES,
  type Customer,
  type CustomerCreateInput,
  type CustomerInput,
  type CustomerLevel,
  type CustomerSource,
  type CustomerStatus,
  type DuplicateCustomer,
} from './customer-types';
import { DuplicateAlert } from './duplicate-alert';

interface CustomerFormValues {
  name: string;
  ownerId?: string;
  level?: CustomerLevel | 'none';
  status: CustomerStatus;
  source?: CustomerSource;
  industry?: string;
  phone?: string;
  website?: string;
  address?: string;
  tags?: string[];
  notes?: string;
}

interface CustomerFormDrawerProps {
  /** The customer to edit; null creates a new one. Mount the drawer only while it is open: each opening starts afresh. */
  customer: Customer | null;
  onClose: () => void;
  onSaved?: (customer: Customer, created: boolean) => void;
}

const PHONE_CHARACTERS = /^[\d+\-\s().#*]+$/;

function valuesOf(customer: Customer | null, meId: string): CustomerFormValues {
  if (customer === null) {
    return { name: '', ownerId: meId, level: 'none', status: 'potential', tags: [] };
  }
  return {
    name: customer.name,
    level: customer.level ?? 'none',
    status: customer.status,
    ...(customer.source ? { source: customer.source } : {}),
    industry: customer.industry ?? '',
    phone: customer.phone ?? '',
    website: customer.website ?? '',
    address: customer.address ?? '',
    tags: customer.tags,
    notes: customer.notes ?? '',
  };
}

/** Empty text is "no value": left out when creating, sent as null when editing so the field is cleared. */
function toInput(values: CustomerFormValues, editing: boolean): CustomerInput {
  const text = (value: string | undefined) => {
    const trimmed = value?.trim() ?? '';
    return trimmed === '' ? (editing ? null : undefined) : trimmed;
  };
  const input: CustomerInput = { name: values.name.trim(), status: values.status, tags: values.tags ?? [] };
  const optional = {
    industry: text(values.industry),
    phone: text(values.phone),
    website: text(values.website),
    address: text(values.address),
    notes: text(values.notes),
    level: values.level === 'none' || values.level === undefined ? (editing ? null : undefined) : values.level,
    source: values.source ?? (editing ? null : undefined),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) {
      Object.assign(input, { [key]: value });
    }
  }
  return input;
}

/** What the live duplicate check looks at; nothing until there is enough to compare. */
function duplicateProbe(name: string | undefined, phone: string | undefined, website: string | undefined) {
  const probe: { name?: string; phone?: string; website?: string } = {};
  if ((name?.trim().length ?? 0) >= 2) {
    probe.name = name?.trim();
  }
  if ((phone?.replace(/\D/g, '').length ?? 0) >= 5) {
    probe.phone = phone?.trim();
  }
  if ((website?.trim().length ?? 0) >= 4 && website?.includes('.')) {
    probe.website = website.trim();
  }
  return probe;
}

/**
 * Create or edit a customer in a side panel. While typing, possible duplicates (same name, phone or domain) are shown;
 * if the server still finds one on save, the user decides to create it anyway. An edit that crossed another person's
 * save is refused (stale version) and the user reloads their version.
 */
export function CustomerFormDrawer({ customer, onClose, onSaved }: CustomerFormDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const directory = useMemberDirectory();
  const teams = useTeams(directory.members.length > 0 && me.user.role === 'manager');
  const [form] = Form.useForm<CustomerFormValues>();
  const [base, setBase] = useState<Customer | null>(customer);
  const [blocked, setBlocked] = useState<DuplicateCustomer[] | null>(null);
  const [stale, setStale] = useState(false);
  const editing = base !== null;

  const name = Form.useWatch('name', form);
  const phone = Form.useWatch('phone', form);
  const website = Form.useWatch('website', form);
  const probe = useDebouncedValue(
    useMemo(() => duplicateProbe(name, phone, website), [name, phone, website]),
    400,
  );
  const duplicates = useQuery({
    queryKey: ['customer-duplicates', probe],
    queryFn: () => customerApi.duplicates(probe),
    enabled: Object.keys(probe).length > 0,
    staleTime: 30_000,
  });
  const liveDuplicates = (duplicates.data?.duplicates ?? []).filter((duplicate) => duplicate.id !== base?.id);

  // Owners a manager may choose: themselves and their team mates (the server checks it again).
  const ownerChoices = useMemo(() => {
    if (me.user.role !== 'manager' || !teams.data) {
      return directory.assignable;
    }
    const mates = new Set(
      teams.data.items.filter((team) => team.memberIds.includes(me.user.id)).flatMap((team) => team.memberIds),
    );
    return directory.assignable.filter((member) => member.id === me.user.id || mates.has(member.id));
  }, [directory.assignable, me.user.id, me.user.role, teams.data]);

  const save = useMutation({
    mutationFn: async ({ values, allowDuplicate }: { values: CustomerFormValues; allowDuplicate: boolean }) => {
      if (base !== null) {
        return { customer: await customerApi.update(base.id, base.version, toInput(values, true)), created: false };
      }
      const input: CustomerCreateInput = { ...toInput(values, false) };
      if (values.ownerId && values.ownerId !== me.user.id) {
        input.ownerId = values.ownerId;
      }
      if (allowDuplicate) {
        input.allowDuplicate = true;
      }
      return { customer: await customerApi.create(input), created: true };
    },
    onSuccess: ({ customer: saved, created }) => {
      queryClient.setQueryData(customerKeys.detail(saved.id), saved);
      void refreshCustomers(queryClient);
      void message.success(
        created ? t('customers.form.created', { name: saved.name }) : t('customers.form.saved', { name: saved.name }),
      );
      onSaved?.(saved, created);
      onClose();
    },
    onError: async (error, { values }) => {
      if (isCrmError(error, 'possible_duplicate')) {
        // The refusal names the duplicates too, but the live check's answer has the same shape and is always there.
        const found = await customerApi
          .duplicates(duplicateProbe(values.name, values.phone, values.website))
          .catch(() => ({ duplicates: [] }));
        setBlocked(found.duplicates.length > 0 ? found.duplicates : liveDuplicates);
      } else if (isCrmError(error, 'stale_version')) {
        setStale(true);
      } else {
        applyFieldErrors(form, error);
      }
    },
  });

  const reload = async () => {
    if (base === null) {
      return;
    }
    const fresh = await queryClient.fetchQuery({
      queryKey: customerKeys.detail(base.id),
      queryFn: () => customerApi.get(base.id),
      staleTime: 0,
    });
    setBase(fresh);
    setStale(false);
    save.reset();
    form.setFieldsValue(valuesOf(fresh, me.user.id));
  };

  const submit = (allowDuplicate: boolean) => {
    void form.validateFields().then((values) => {
      setBlocked(null);
      save.mutate({ values, allowDuplicate });
    });
  };

  const handledError =
    save.error && (isCrmError(save.error, 'possible_duplicate') || isCrmError(save.error, 'stale_version'));

  return (
    <Drawer
      open
      onClose={onClose}
      size={600}
      title={editing ? t('customers.form.editTitle', { name: base.name }) : t('customers.form.createTitle')}
      destroyOnHidden
      data-testid="customer-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={stale} onClick={() => submit(false)}>
            {editing ? t('customers.form.save') : t('customers.form.create')}
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
          description={t('customers.form.staleText')}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('customers.form.reload')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {blocked !== null ? (
        <DuplicateAlert duplicates={blocked} blocking onCreateAnyway={() => submit(true)} creating={save.isPending} />
      ) : (
        <DuplicateAlert duplicates={liveDuplicates} />
      )}
      <Form<CustomerFormValues>
        form={form}
        name="customer"
        layout="vertical"
        initialValues={valuesOf(customer, me.user.id)}
        onFinish={() => submit(false)}
        disabled={stale}
      >
        <Form.Item
          name="name"
          label={t('customers.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('customers.form.nameRequired') },
            { max: 200, message: t('customers.form.tooLong', { max: 200 }) },
          ]}
        >
          <Input autoComplete="off" autoFocus placeholder={t('customers.form.namePlaceholder')} />
        </Form.Item>
        {!editing && directory.members.length > 0 ? (
          <Form.Item name="ownerId" label={t('customers.field.owner')} extra={t('customers.form.ownerHint')}>
            <MemberSelect members={ownerChoices} aria-label={t('customers.field.owner')} />
          </Form.Item>
        ) : null}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="level" label={t('customers.field.level')}>
              <Segmented
                block
                options={[
                  ...CUSTOMER_LEVELS.map((level) => ({ value: level, label: t('customers.levelTag', { level }) })),
                  { value: 'none', label: t('customers.levelNone') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('customers.field.status')} rules={[{ required: true }]}>
              <Select
                options={CUSTOMER_STATUSES.map((status) => ({ value: status, label: t(`customers.status.${status}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="source" label={t('customers.field.source')}>
              <Select
                allowClear
                placeholder={t('customers.form.choose')}
                options={CUSTOMER_SOURCES.map((source) => ({ value: source, label: t(`customers.source.${source}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="industry"
              label={t('customers.field.industry')}
              rules={[{ max: 100, message: t('customers.form.tooLong', { max: 100 }) }]}
            >
              <Input autoComplete="off" placeholder={t('customers.form.industryPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('customers.field.phone')}
              rules={[
                { pattern: PHONE_CHARACTERS, message: t('customers.form.phoneInvalid') },
                { max: 50, message: t('customers.form.tooLong', { max: 50 }) },
              ]}
            >
              <Input autoComplete="off" inputMode="tel" placeholder="+86 755 2878 0808" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="website"
              label={t('customers.field.website')}
              rules={[
                { max: 300, message: t('customers.form.tooLong', { max: 300 }) },
                {
                  validator: (_rule, value: string | undefined) =>
                    !value?.trim() || /^(https?:\/\/)?[^\s/:]+\.[^\s]+$/i.test(value.trim())
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('customers.form.websiteInvalid'))),
                },
              ]}
            >
              <Input autoComplete="off" inputMode="url" placeholder="example.com" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="address"
          label={t('customers.field.address')}
          rules={[{ max: 500, message: t('customers.form.tooLong', { max: 500 }) }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="tags"
          label={t('customers.field.tags')}
          extra={t('customers.form.tagsHint')}
          rules={[
            {
              validator: (_rule, value: string[] | undefined) => {
                if ((value?.length ?? 0) > 20) {
                  return Promise.reject(new Error(t('customers.form.tooManyTags', { max: 20 })));
                }
                if (value?.some((tag) => tag.trim().length > 30)) {
                  return Promise.reject(new Error(t('customers.form.tagTooLong', { max: 30 })));
                }
                return Promise.resolve();
              },
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item
          name="notes"
          label={t('customers.field.notes')}
          rules={[{ max: 5000, message: t('customers.form.tooLong', { max: 5000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} showCount maxLength={5000} />
        </Form.Item>
        {handledError ? null : <FormErrorAlert error={save.error} />}
      </Form>
    </Drawer>
  );
}
