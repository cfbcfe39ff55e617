import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, DatePicker, Drawer, Flex, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { useMe } from '../auth/session-queries';
import { contactApi } from '../contacts/contact-api';
import { CustomerPicker } from '../contacts/customer-picker';
import { currencyDecimals, currencyOptions } from '../crm/money-format';
import { isCrmError } from '../crm/crm-errors';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { useTeams } from '../teams/teams-api';
import { dealApi, dealKeys, refreshDeals, usePipeline } from './deal-api';
import { stageLabel } from './deal-format';
import type { Deal, DealCreateInput, DealInput } from './deal-types';

interface DealFormValues {
  customerId?: string;
  contactId?: string;
  name: string;
  amount?: string;
  currency: string;
  stageId?: string;
  probability?: number;
  expectedCloseDate?: Dayjs | null;
  ownerId?: string;
  lostReason?: string;
  notes?: string;
}

interface DealFormDrawerProps {
  /** The deal to edit; null creates one. Mount only while open. */
  deal: Deal | null;
  /** A new deal for this customer (the customer's page): the customer is fixed. */
  customer?: { id: string; name: string } | null;
  onClose: () => void;
  onSaved?: (deal: Deal) => void;
}

function valuesOf(deal: Deal | null, customerId: string | undefined, meId: string): DealFormValues {
  if (deal === null) {
    return { name: '', currency: 'CNY', ownerId: meId, ...(customerId ? { customerId } : {}) };
  }
  return {
    customerId: deal.customerId,
    ...(deal.contactId ? { contactId: deal.contactId } : {}),
    name: deal.name,
    amount: deal.amount,
    currency: deal.currency,
    stageId: deal.stageId,
    probability: deal.probability,
    expectedCloseDate: deal.expectedCloseDate ? dayjs(deal.expectedCloseDate) : null,
    lostReason: deal.lostReason ?? '',
    notes: deal.notes ?? '',
  };
}

/** Digits with at most the currency's decimals (trailing zeros are fine: "100.00" yen is a whole amount). */
function amountPattern(decimals: number): RegExp {
  return decimals === 0 ? /^\d{1,16}(\.0{1,2})?$/ : new RegExp(`^\\d{1,16}(\\.\\d{1,${decimals}})?$`);
}

/** What the form sends: empty text and dates are "no value" (left out on create, cleared on edit). */
function toInput(values: DealFormValues, base: Deal | null): DealInput {
  const editing = base !== null;
  const notes = values.notes?.trim() ?? '';
  const input: DealInput = {
    name: values.name.trim(),
    amount: values.amount?.trim() || '0',
    currency: values.currency,
    ...(values.probability === undefined || values.probability === null ? {} : { probability: values.probability }),
  };
  const close = values.expectedCloseDate ? values.expectedCloseDate.format('YYYY-MM-DD') : null;
  if (close !== null || editing) {
    input.expectedCloseDate = close;
  }
  if (notes !== '' || editing) {
    input.notes = notes === '' ? null : notes;
  }
  if (values.contactId || editing) {
    input.contactId = values.contactId ?? null;
  }
  if (
    values.stageId &&
    (!editing || values.stageId !== base.stageId || values.lostReason?.trim() !== (base.lostReason ?? ''))
  ) {
    input.stageId = values.stageId;
  }
  if (values.lostReason?.trim()) {
    input.lostReason = values.lostReason.trim();
  }
  return input;
}

/**
 * Create or edit a deal in a side panel: customer (one the user may edit) and one of its contacts, amount and
 * currency, stage (lost asks why), probability (follows the stage until typed), expected close date, owner, notes.
 */
export function DealFormDrawer({ deal, customer, onClose, onSaved }: DealFormDrawerProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const directory = useMemberDirectory();
  const teams = useTeams(directory.members.length > 0 && me.user.role === 'manager');
  const pipeline = usePipeline();
  const [form] = Form.useForm<DealFormValues>();
  const [base, setBase] = useState<Deal | null>(deal);
  const [stale, setStale] = useState(false);
  const editing = base !== null;
  const language = i18n.resolvedLanguage ?? 'en';

  const customerId = Form.useWatch('customerId', form);
  const currency = Form.useWatch('currency', form) ?? 'CNY';
  const stageId = Form.useWatch('stageId', form);
  const stages = pipeline.data?.stages ?? [];
  const chosenStage = stages.find((stage) => stage.id === stageId);
  const contacts = useQuery({
    queryKey: ['contacts', 'for-deal', customerId],
    queryFn: ({ signal }) =>
      contactApi.list({ q: '', customerId: customerId ?? '', sort: 'name', order: 'asc' }, null, signal),
    enabled: Boolean(customerId),
  });
  const currencies = useMemo(() => currencyOptions(language), [language]);
  const decimals = currencyDecimals(currency);

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
    mutationFn: async (values: DealFormValues) => {
      if (base !== null) {
        return dealApi.update(base.id, base.version, toInput(values, base));
      }
      const input: DealCreateInput = {
        ...toInput(values, null),
        name: values.name.trim(),
        customerId: customer?.id ?? values.customerId ?? '',
      };
      if (values.ownerId && values.ownerId !== me.user.id) {
        input.ownerId = values.ownerId;
      }
      return dealApi.create(input);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(dealKeys.detail(saved.id), saved);
      void refreshDeals(queryClient);
      void message.success(
        editing ? t('deals.form.saved', { name: saved.name }) : t('deals.form.created', { name: saved.name }),
      );
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => {
      if (isCrmError(error, 'stale_version')) {
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
      queryKey: dealKeys.detail(base.id),
      queryFn: () => dealApi.get(base.id),
      staleTime: 0,
    });
    setBase(fresh);
    setStale(false);
    save.reset();
    form.setFieldsValue(valuesOf(fresh, undefined, me.user.id));
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size={600}
      title={
        editing
          ? t('deals.form.editTitle', { name: base.name })
          : customer
            ? t('deals.form.createTitleFor', { customer: customer.name })
            : t('deals.form.createTitle')
      }
      destroyOnHidden
      data-testid="deal-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={stale} onClick={() => form.submit()}>
            {editing ? t('deals.form.save') : t('deals.form.create')}
          </Button>
        </Flex>
      }
    >
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('deals.form.staleTitle')}
          description={t('deals.form.staleText')}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('deals.form.reload')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form<DealFormValues>
        form={form}
        name="deal"
        layout="vertical"
        initialValues={valuesOf(deal, customer?.id, me.user.id)}
        onFinish={(values) => save.mutate(values)}
        onValuesChange={(changed: Partial<DealFormValues>) => {
          if ('customerId' in changed) {
            form.setFieldValue('contactId', undefined);
          }
          if (changed.stageId) {
            // The probability follows the stage, as on the board; the user can still type another one.
            form.setFieldValue('probability', stages.find((stage) => stage.id === changed.stageId)?.probability);
          }
        }}
        disabled={stale}
      >
        {!editing && !customer ? (
          <Form.Item
            name="customerId"
            label={t('deals.field.customer')}
            rules={[{ required: true, message: t('deals.form.customerRequired') }]}
          >
            <CustomerPicker />
          </Form.Item>
        ) : null}
        <Form.Item
          name="name"
          label={t('deals.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('deals.form.nameRequired') },
            { max: 200, message: t('customers.form.tooLong', { max: 200 }) },
          ]}
        >
          <Input autoComplete="off" autoFocus placeholder={t('deals.form.namePlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item label={t('deals.field.amount')} required>
              <Space.Compact block>
                <Form.Item
                  name="amount"
                  noStyle
                  rules={[
                    {
                      validator: (_rule, value: string | undefined) =>
                        !value?.trim() || amountPattern(decimals).test(value.trim())
                          ? Promise.resolve()
                          : Promise.reject(
                              new Error(
                                decimals === 0
                                  ? t('deals.form.amountWhole', { currency })
                                  : t('deals.form.amountInvalid'),
                              ),
                            ),
                    },
                  ]}
                >
                  <Input
                    inputMode="decimal"
                    placeholder="0.00"
                    aria-label={t('deals.field.amount')}
                    style={{ width: '60%' }}
                  />
                </Form.Item>
                <Form.Item name="currency" noStyle>
                  <Select
                    aria-label={t('deals.field.currency')}
                    options={currencies}
                    showSearch={{ optionFilterProp: 'label' }}
                    popupMatchSelectWidth={260}
                    labelRender={({ value }) => String(value)}
                    style={{ width: '40%' }}
                  />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="expectedCloseDate" label={t('deals.field.expectedCloseDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="stageId"
              label={t('deals.field.stage')}
              extra={editing ? undefined : t('deals.form.stageHint')}
            >
              <Select
                allowClear={!editing}
                placeholder={stages[0] ? stageLabel(t, stages[0]) : undefined}
                loading={pipeline.isPending}
                options={stages.map((stage) => ({ value: stage.id, label: stageLabel(t, stage) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="probability" label={t('deals.field.probability')}>
              <InputNumber
                min={0}
                max={100}
                precision={0}
                suffix="%"
                style={{ width: '100%' }}
                placeholder={chosenStage ? String(chosenStage.probability) : undefined}
              />
            </Form.Item>
          </Col>
        </Row>
        {chosenStage?.kind === 'lost' ? (
          <Form.Item
            name="lostReason"
            label={t('deals.field.lostReason')}
            rules={[
              { required: true, whitespace: true, message: t('deals.lost.required') },
              { max: 500, message: t('customers.form.tooLong', { max: 500 }) },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('deals.lost.placeholder')} />
          </Form.Item>
        ) : null}
        <Row gutter={16}>
          <Col xs={24} sm={editing || directory.members.length === 0 ? 24 : 12}>
            <Form.Item name="contactId" label={t('deals.field.contact')}>
              <Select
                allowClear
                disabled={!customerId && !customer}
                loading={contacts.isFetching}
                placeholder={t('deals.form.contactPlaceholder')}
                notFoundContent={t('deals.form.noContacts')}
                options={(contacts.data?.items ?? []).map((contact) => ({
                  value: contact.id,
                  label: contact.title ? `${contact.name} · ${contact.title}` : contact.name,
                }))}
              />
            </Form.Item>
          </Col>
          {!editing && directory.members.length > 0 ? (
            <Col xs={24} sm={12}>
              <Form.Item name="ownerId" label={t('deals.field.owner')}>
                <MemberSelect members={ownerChoices} aria-label={t('deals.field.owner')} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        <Form.Item
          name="notes"
          label={t('deals.field.notes')}
          rules={[{ max: 5000, message: t('customers.form.tooLong', { max: 5000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} showCount maxLength={5000} />
        </Form.Item>
        <FormErrorAlert error={stale ? null : save.error} />
      </Form>
    </Drawer>
  );
}
