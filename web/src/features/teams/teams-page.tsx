import { DeleteOutlined, EditOutlined, PlusOutlined, TeamOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Button, Card, Col, Empty, Flex, Row, Skeleton, Tag, Tooltip, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { initialsOf } from '../../components/format';
import { PageHeading } from '../../components/page-section';
import { useHasPermission } from '../auth/session-queries';
import { useMemberDirectory } from '../crm/member-directory';
import { TeamMembersDialog, TeamNameDialog } from './team-dialogs';
import { refreshTeams, teamsApi, useTeams, type Team } from './teams-api';

type OpenDialog = { kind: 'name'; team: Team | null } | { kind: 'members'; team: Team };

/**
 * Settings → Teams: the sales teams a manager's view follows (a manager sees the customers of everyone in their team).
 * Everyone with members.read sees them; only members.manage changes them.
 */
export function TeamsPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const hasPermission = useHasPermission();
  const canManage = hasPermission('members.manage');
  const teams = useTeams();
  const directory = useMemberDirectory();
  const [open, setOpen] = useState<OpenDialog | null>(null);
  const items = teams.data?.items ?? [];
  const inTeam = new Set(items.flatMap((team) => team.memberIds));
  const withoutTeam = directory.assignable.filter((member) => !inTeam.has(member.id));

  const confirmDelete = (team: Team) =>
    void modal.confirm({
      title: t('teams.deleteConfirm', { name: team.name }),
      content: t('teams.deleteText'),
      okText: t('teams.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      width: 460,
      onOk: async () => {
        try {
          await teamsApi.remove(team.id);
          void message.success(t('teams.deleted', { name: team.name }));
        } catch (error) {
          void message.error(error instanceof Error ? error.message : String(error));
        } finally {
          void refreshTeams(queryClient);
        }
      },
    });

  return (
    <Flex vertical gap={16}>
      <PageHeading
        title={t('teams.title')}
        description={t('teams.description')}
        actions={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'name', team: null })}>
              {t('teams.new')}
            </Button>
          ) : null
        }
      />
      {teams.isError ? (
        <Typography.Paragraph type="danger" role="alert">
          {teams.error.message}
        </Typography.Paragraph>
      ) : null}
      {teams.isPending ? (
        <Card variant="borderless">
          <Skeleton active />
        </Card>
      ) : items.length === 0 ? (
        <Card variant="borderless">
          <Empty description={t('teams.empty')}>
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'name', team: null })}>
                {t('teams.new')}
              </Button>
            ) : null}
          </Empty>
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {items.map((team) => (
            <Col key={team.id} xs={24} lg={12}>
              <Card
                variant="borderless"
                data-testid="team-card"
                title={
                  <Flex gap={8} align="center">
                    <TeamOutlined style={{ color: token.colorPrimary }} />
                    <span>{team.name}</span>
                  </Flex>
                }
                extra={
                  canManage ? (
                    <Flex gap={2}>
                      <Tooltip title={t('teams.editMembers')}>
                        <Button
                          type="text"
                          icon={<UsergroupAddOutlined />}
                          aria-label={t('teams.editMembersFor', { name: team.name })}
                          onClick={() => setOpen({ kind: 'members', team })}
                        />
                      </Tooltip>
                      <Tooltip title={t('teams.rename')}>
                        <Button
                          type="text"
                          icon={<EditOutlined />}
                          aria-label={t('teams.renameFor', { name: team.name })}
                          onClick={() => setOpen({ kind: 'name', team })}
                        />
                      </Tooltip>
                      <Tooltip title={t('teams.delete')}>
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('teams.deleteFor', { name: team.name })}
                          onClick={() => confirmDelete(team)}
                        />
                      </Tooltip>
                    </Flex>
                  ) : null
                }
              >
                <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12, fontSize: 13 }}>
                  {t('teams.memberCount', { count: team.memberIds.length })}
                </Typography.Text>
                {team.members.length === 0 ? (
                  <Typography.Text type="secondary">{t('teams.noMembers')}</Typography.Text>
                ) : (
                  <Flex vertical gap={10}>
                    {team.members.map((member) => (
                      <Flex key={member.id} gap={10} align="center">
                        <Avatar size={28} style={{ background: token.colorPrimaryBg, color: token.colorPrimary }}>
                          {initialsOf(member.name)}
                        </Avatar>
                        <Typography.Text>{member.name}</Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t(`roles.${member.role}`)}
                        </Typography.Text>
                      </Flex>
                    ))}
                  </Flex>
                )}
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {!teams.isPending && withoutTeam.length > 0 ? (
        <Card variant="borderless" size="small" title={t('teams.withoutTeam', { count: withoutTeam.length })}>
          <Flex gap={6} wrap>
            {withoutTeam.map((member) => (
              <Tag key={member.id} style={{ marginInlineEnd: 0 }}>
                {member.name} · {t(`roles.${member.role}`)}
              </Tag>
            ))}
          </Flex>
        </Card>
      ) : null}
      {open?.kind === 'name' ? <TeamNameDialog team={open.team} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'members' ? (
        <TeamMembersDialog team={open.team} teams={items} onClose={() => setOpen(null)} />
      ) : null}
    </Flex>
  );
}
