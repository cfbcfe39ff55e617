import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Drawer, Flex, Form, Input, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { useMe } from '../auth/session-queries';
import { CustomerPicker } from '../contacts/customer-picker';
import { isCrmError } from '../crm/crm-errors';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { useTeams } from '../teams/teams-api';
import { refreshTasks, taskApi, type Task, type TaskInput } from './task-api';

interface TaskFormValues {
  title: string;
  dueAt?: Dayjs | null;
  assigneeId?: string;
  customerId?: string;
  notes?: string;
}

interface TaskFormDrawerProps {
  /** The task to edit; null creates one. Mount only while open. */
  task: Task | null;
  /** A new task about this customer (from the customer's page): the customer is fixed. */
  customer?: { id: string; name: string };
  onClose: () => void;
}

function valuesOf(task: Task | null, meId: string, customerId: string | undefined): TaskFormValues {
  if (task === null) {
    return { title: '', dueAt: null, assigneeId: meId, ...(customerId ? { customerId } : {}), notes: '' };
  }
  return {
    title: task.title,
    dueAt: task.dueAt ? dayjs(task.dueAt) : null,
    assigneeId: task.assigneeId,
    ...(task.customerId ? { customerId: task.customerId } : {}),
    notes: task.notes ?? '',
  };
}

const DUE_FORMAT = 'YYYY-MM-DD HH:mm';

/** Create or edit a task: what, by when, for whom (managers their team, admins anyone) and about which customer. */
export function TaskFormDrawer({ task, customer, onClose }: TaskFormDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const directory = useMemberDirectory();
  const teams = useTeams(directory.members.length > 0 && me.user.role === 'manager');
  const [form] = Form.useForm<TaskFormValues>();
  const [stale, setStale] = useState(false);
  const editing = task !== null;

  // Whom the user may give a task to: himself; managers their team mates; owners and admins anyone (checked again by the server).
  const assigneeChoices = useMemo(() => {
    if (me.user.role !== 'manager' || !teams.data) {
      return directory.assignable;
    }
    const mates = new Set(
      teams.data.items.filter((team) => team.memberIds.includes(me.user.id)).flatMap((team) => team.memberIds),
    );
    return directory.assignable.filter((member) => member.id === me.user.id || mates.has(member.id));
  }, [directory.assignable, me.user.id, me.user.role, teams.data]);

  const save = useMutation({
    mutationFn: (values: TaskFormValues) => {
      const input: TaskInput = {
        title: values.title.trim(),
        notes: values.notes?.trim() ? values.notes.trim() : null,
        dueAt: values.dueAt ? values.dueAt.toISOString() : null,
      };
      // Sent only when it changes: keeping someone on a task is never a new assignment to check.
      if (values.assigneeId && values.assigneeId !== task?.assigneeId) {
        input.assigneeId = values.assigneeId;
      }
      const customerId = customer?.id ?? values.customerId;
      if (customerId && customerId !== task?.customerId) {
        input.customerId = customerId;
      }
      return task ? taskApi.update(task.id, task.version, input) : taskApi.create(input);
    },
    onSuccess: (saved) => {
      void message.success(
        editing ? t('tasks.form.saved', { title: saved.title }) : t('tasks.form.created', { title: saved.title }),
      );
      onClose();
    },
    onError: (error) => {
      if (isCrmError(error, 'stale_version')) {
        setStale(true);
      } else {
        applyFieldErrors(form, error);
      }
    },
    onSettled: () => void refreshTasks(queryClient),
  });

  const nine = (day: Dayjs) => day.hour(9).minute(0).second(0).millisecond(0);
  const endOfWorkday = dayjs().hour(18).minute(0).second(0).millisecond(0);

  return (
    <Drawer
      open
      onClose={onClose}
      size={520}
      title={editing ? t('tasks.form.editTitle') : t('tasks.form.createTitle')}
      destroyOnHidden
      data-testid="task-form"
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} disabled={stale} onClick={() => form.submit()}>
            {editing ? t('tasks.form.save') : t('tasks.form.create')}
          </Button>
        </Flex>
      }
    >
      {stale ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('tasks.form.staleTitle')}
          description={t('tasks.form.staleText')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Form<TaskFormValues>
        form={form}
        name="task"
        layout="vertical"
        initialValues={valuesOf(task, me.user.id, customer?.id)}
        onFinish={(values) => save.mutate(values)}
        disabled={stale}
      >
        <Form.Item
          name="title"
          label={t('tasks.field.title')}
          rules={[
            { required: true, whitespace: true, message: t('tasks.form.titleRequired') },
            { max: 200, message: t('customers.form.tooLong', { max: 200 }) },
          ]}
        >
          <Input autoComplete="off" autoFocus placeholder={t('tasks.form.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="dueAt" label={t('tasks.field.dueAt')} extra={t('tasks.form.dueHint')}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format={DUE_FORMAT}
            style={{ width: '100%' }}
            placeholder={t('tasks.form.duePlaceholder')}
            presets={[
              { label: t('tasks.presets.today'), value: endOfWorkday },
              { label: t('tasks.presets.tomorrow'), value: nine(dayjs().add(1, 'day')) },
              { label: t('tasks.presets.nextWeek'), value: nine(dayjs().add(7, 'day')) },
            ]}
          />
        </Form.Item>
        {directory.members.length > 0 ? (
          <Form.Item name="assigneeId" label={t('tasks.field.assignee')}>
            <MemberSelect members={assigneeChoices} aria-label={t('tasks.field.assignee')} />
          </Form.Item>
        ) : null}
        {customer ? (
          <Form.Item label={t('tasks.field.customer')}>
            <Typography.Text strong>{customer.name}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item name="customerId" label={t('tasks.field.customer')}>
            <CustomerPicker
              {...(task?.customerId && task.customerName
                ? { initialOption: { value: task.customerId, label: task.customerName } }
                : {})}
            />
          </Form.Item>
        )}
        <Form.Item
          name="notes"
          label={t('tasks.field.notes')}
          rules={[{ max: 5000, message: t('customers.form.tooLong', { max: 5000 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        <FormErrorAlert error={stale ? null : save.error} />
      </Form>
    </Drawer>
  );
}
