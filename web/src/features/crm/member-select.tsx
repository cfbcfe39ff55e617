import { Flex, Select, Typography } from 'antd';
import type { SelectProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';

/** What an option needs of a member: the members list's items, or a smaller list such as record sharing's. */
export type MemberChoice = Pick<MemberListItem, 'id' | 'name' | 'email'> & { role: string };

interface MemberSelectProps<Member extends MemberChoice> extends Omit<
  SelectProps<string>,
  'options' | 'showSearch' | 'optionRender' | 'mode'
> {
  members: Member[];
  /** An extra line under a member's name (e.g. "in team North"); the e-mail by default. */
  describe?: (member: Member) => ReactNode;
}

/** Pick one member by name or e-mail; each option shows the role and e-mail so namesakes can be told apart. */
export function MemberSelect<Member extends MemberChoice>({ members, describe, ...props }: MemberSelectProps<Member>) {
  const { t } = useTranslation();
  // Options carry only value and label: anything else on an option ends up as an attribute of its DOM node.
  const byId = new Map(members.map((member) => [member.id, member]));
  return (
    <Select<string>
      {...props}
      options={members.map((member) => ({ value: member.id, label: member.name }))}
      showSearch={{
        filterOption: (input, option) => {
          const member = option ? byId.get(String(option.value)) : undefined;
          const needle = input.trim().toLowerCase();
          return member !== undefined && `${member.name} ${member.email}`.toLowerCase().includes(needle);
        },
      }}
      optionRender={(option) => {
        const member = byId.get(String(option.value));
        if (!member) {
          return option.label;
        }
        return (
          <Flex vertical style={{ minWidth: 0 }}>
            <Flex gap={6} align="baseline">
              <span>{member.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`roles.${member.role}`)}
              </Typography.Text>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {describe ? describe(member) : member.email}
            </Typography.Text>
          </Flex>
        );
      }}
    />
  );
}
