import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert, applyFieldErrors } from '../../components/form-errors';
import { useMemberDirectory } from '../crm/member-directory';
import { refreshTeams, teamsApi, type Team } from './teams-api';

/** Create a team (team = null) or rename one. Mounted only while open. */
export function TeamNameDialog({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string }>();
  const save = useMutation({
    mutationFn: ({ name }: { name: string }) =>
      team === null ? teamsApi.create(name.trim()) : teamsApi.rename(team.id, name.trim()),
    onSuccess: (saved) => {
      void refreshTeams(queryClient);
      void message.success(
        team === null ? t('teams.created', { name: saved.name }) : t('teams.renamed', { name: saved.name }),
      );
      onClose();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <Modal
      open
      title={team === null ? t('teams.createTitle') : t('teams.renameTitle', { name: team.name })}
      okText={team === null ? t('teams.create') : t('teams.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={440}
    >
      <Form<{ name: string }>
        form={form}
        name="team-name"
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: team?.name ?? '' }}
        onFinish={(values) => save.mutate(values)}
        style={{ marginTop: 16 }}
      >
        <Form.Item
          name="name"
          label={t('teams.name')}
          rules={[
            { required: true, whitespace: true, message: t('teams.nameRequired') },
            { max: 100, message: t('customers.form.tooLong', { max: 100 }) },
          ]}
        >
          <Input autoComplete="off" autoFocus placeholder={t('teams.namePlaceholder')} />
        </Form.Item>
        <FormErrorAlert error={save.error} />
      </Form>
    </Modal>
  );
}

/** Choose a team's members; someone already in another team moves here (one team per person). */
export function TeamMembersDialog({ team, teams, onClose }: { team: Team; teams: Team[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const directory = useMemberDirectory();
  const [form] = Form.useForm<{ userIds: string[] }>();
  const teamOf = new Map(
    teams.filter((other) => other.id !== team.id).flatMap((other) => other.memberIds.map((id) => [id, other.name])),
  );
  const chosen = Form.useWatch('userIds', form) ?? team.memberIds;
  const moving = chosen.filter((id) => teamOf.has(id));
  // Deactivated members who are still listed stay selectable so saving does not silently drop them.
  const candidates = directory.members.filter(
    (member) => member.status !== 'deactivated' || team.memberIds.includes(member.id),
  );
  const byId = new Map(candidates.map((member) => [member.id, member]));

  const save = useMutation({
    mutationFn: ({ userIds }: { userIds: string[] }) => teamsApi.setMembers(team.id, userIds),
    onSuccess: (saved) => {
      void refreshTeams(queryClient);
      void message.success(t('teams.membersSaved', { name: saved.name, count: saved.memberIds.length }));
      onClose();
    },
  });

  return (
    <Modal
      open
      title={t('teams.membersTitle', { name: team.name })}
      okText={t('teams.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('teams.membersHint')}
      </Typography.Paragraph>
      <Form<{ userIds: string[] }>
        form={form}
        name="team-members"
        layout="vertical"
        requiredMark={false}
        initialValues={{ userIds: team.memberIds }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="userIds" label={t('teams.members')}>
          <Select
            mode="multiple"
            allowClear
            loading={directory.loading}
            placeholder={t('teams.membersPlaceholder')}
            aria-label={t('teams.members')}
            showSearch={{
              filterOption: (input, option) => {
                const member = option ? byId.get(String(option.value)) : undefined;
                return (
                  member !== undefined &&
                  `${member.name} ${member.email}`.toLowerCase().includes(input.trim().toLowerCase())
                );
              },
            }}
            // Options carry only value and label: anything else becomes an attribute of the option's DOM node.
            options={candidates.map((member) => ({ value: member.id, label: member.name }))}
            optionRender={(option) => {
              const member = byId.get(String(option.value));
              const team = member ? teamOf.get(member.id) : undefined;
              return (
                <div>
                  <span>{option.label}</span>{' '}
                  {member ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`roles.${member.role}`)}
                      {team ? ` · ${t('teams.inTeam', { name: team })}` : ''}
                    </Typography.Text>
                  ) : null}
                </div>
              );
            }}
          />
        </Form.Item>
        {moving.length > 0 ? (
          <Typography.Paragraph type="warning" data-testid="team-move-warning">
            {t('teams.moveWarning', {
              names: moving.map((id) => directory.nameOf(id) ?? '').join(', '),
            })}
          </Typography.Paragraph>
        ) : null}
        <FormErrorAlert error={save.error} />
      </Form>
    </Modal>
  );
}
