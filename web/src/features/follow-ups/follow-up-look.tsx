import { EnvironmentOutlined, MailOutlined, PhoneOutlined, TeamOutlined, WechatOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { FollowUpType } from './follow-up-api';

/** Each way of reaching a customer has its icon and colour on the timeline and in the composer. */
export const FOLLOW_UP_LOOK: Record<FollowUpType, { icon: ReactNode; color: string }> = {
  call: { icon: <PhoneOutlined />, color: '#1677ff' },
  visit: { icon: <EnvironmentOutlined />, color: '#fa8c16' },
  email: { icon: <MailOutlined />, color: '#722ed1' },
  wechat: { icon: <WechatOutlined />, color: '#07c160' },
  meeting: { icon: <TeamOutlined />, color: '#13a8a8' },
};
