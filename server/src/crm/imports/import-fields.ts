import { customerLevels, customerSources, customerStatuses } from '../customers/customer.schema.ts';

export const importRecordTypes = ['customer', 'contact'] as const;
export type ImportRecordType = (typeof importRecordTypes)[number];

export const customerImportFields = [
  'name',
  'industry',
  'level',
  'source',
  'status',
  'phone',
  'website',
  'address',
  'tags',
  'notes',
  'ownerEmail',
] as const;
export const contactImportFields = ['name', 'customerName', 'title', 'mobile', 'email', 'wechat', 'isPrimary'] as const;

const requiredFields: Record<ImportRecordType, readonly string[]> = {
  customer: ['name'],
  contact: ['name', 'customerName'],
};

export function importFields(recordType: ImportRecordType): readonly string[] {
  return recordType === 'customer' ? customerImportFields : contactImportFields;
}

export function fieldList(recordType: ImportRecordType): { key: string; required: boolean }[] {
  return importFields(recordType).map((key) => ({ key, required: requiredFields[recordType].includes(key) }));
}

export function requiredImportFields(recordType: ImportRecordType): readonly string[] {
  return requiredFields[recordType];
}

/** Header names (compared without case, spaces, "_", "-", "*" and "：") that suggest a field, in English and Chinese. */
const headerAliases: Record<ImportRecordType, Record<string, string[]>> = {
  customer: {
    name: [
      'name',
      'company',
      'companyname',
      'customer',
      'customername',
      'account',
      'accountname',
      '名称',
      '公司',
      '公司名称',
      '客户',
      '客户名称',
      '客户名',
      '企业名称',
      '单位名称',
    ],
    industry: ['industry', 'sector', '行业', '所属行业'],
    level: ['level', 'grade', 'rating', 'customerlevel', '级别', '等级', '客户级别', '客户等级'],
    source: ['source', 'leadsource', 'customersource', 'origin', '来源', '客户来源', '渠道'],
    status: ['status', 'customerstatus', 'stage', '状态', '客户状态'],
    phone: [
      'phone',
      'telephone',
      'tel',
      'phonenumber',
      'companyphone',
      '电话',
      '座机',
      '公司电话',
      '联系电话',
      '电话号码',
    ],
    website: ['website', 'web', 'url', 'homepage', 'site', 'domain', '网站', '官网', '网址', '公司网站'],
    address: ['address', 'street', 'location', '地址', '公司地址', '详细地址'],
    tags: ['tags', 'tag', 'labels', 'label', '标签'],
    notes: ['notes', 'note', 'remarks', 'remark', 'comment', 'comments', 'description', '备注', '说明', '描述'],
    ownerEmail: [
      'owner',
      'owneremail',
      'salesrep',
      'assignedto',
      'owneremailaddress',
      '负责人',
      '负责人邮箱',
      '归属人',
      '所属销售',
      '销售',
    ],
  },
  contact: {
    name: ['name', 'contact', 'contactname', 'fullname', 'person', '姓名', '联系人', '联系人姓名', '名字'],
    customerName: [
      'customer',
      'customername',
      'company',
      'companyname',
      'account',
      'accountname',
      'organization',
      'organisation',
      '客户',
      '客户名称',
      '公司',
      '公司名称',
      '所属客户',
      '企业名称',
      '单位',
    ],
    title: ['title', 'jobtitle', 'position', 'role', '职位', '职务', '头衔'],
    mobile: [
      'mobile',
      'mobilephone',
      'cell',
      'cellphone',
      'phone',
      'mobilenumber',
      '手机',
      '手机号',
      '手机号码',
      '移动电话',
      '电话',
    ],
    email: ['email', 'e-mail', 'mail', 'emailaddress', '邮箱', '电子邮箱', '电子邮件', '邮件'],
    wechat: ['wechat', 'weixin', 'wechatid', '微信', '微信号'],
    isPrimary: ['primary', 'isprimary', 'primarycontact', 'main', '主联系人', '首要联系人', '是否主联系人'],
  },
};

function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-*:：()（）]/gu, '');
}

/** Column index → field, from the header names; each field is suggested once (for its first matching column). */
export function suggestMapping(recordType: ImportRecordType, headers: string[]): Record<string, string> {
  const aliases = headerAliases[recordType];
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  headers.forEach((header, index) => {
    const key = headerKey(header);
    if (key === '') return;
    const field = Object.keys(aliases).find(
      (candidate) => !taken.has(candidate) && (aliases[candidate] ?? []).some((alias) => headerKey(alias) === key),
    );
    if (!field) return;
    taken.add(field);
    mapping[String(index)] = field;
  });
  return mapping;
}

/**
 * Enum cells: the API value or the label the web app shows in English or Chinese (kept in step with
 * web/src/i18n customers.source / customers.status), compared without case and spaces.
 */
const enumLabels: Record<'level' | 'source' | 'status', Record<string, string[]>> = {
  level: Object.fromEntries(
    customerLevels.map((level) => [level, [level, `${level}级`, `${level}类`, `level${level}`, `${level}客户`]]),
  ),
  source: {
    referral: ['referral', 'Referral', '客户转介绍', '转介绍', '介绍'],
    website: ['website', 'Website', '官网', '网站'],
    exhibition: ['exhibition', 'Trade show', 'tradeshow', '展会'],
    cold_call: ['cold_call', 'Cold call', 'coldcall', '电话陌拜', '陌拜'],
    advertising: ['advertising', 'Advertising', '广告投放', '广告'],
    partner: ['partner', 'Partner', '合作伙伴'],
    other: ['other', 'Other', '其他'],
  },
  status: {
    potential: ['potential', 'Potential', '潜在', '潜在客户'],
    active: ['active', 'Active', '合作中'],
    inactive: ['inactive', 'Inactive', '休眠'],
    lost: ['lost', 'Lost', '已流失', '流失'],
  },
};

const enumValues = { level: customerLevels, source: customerSources, status: customerStatuses };

/** The API value for an enum cell, or undefined when it names none. */
export function enumValueOf(field: 'level' | 'source' | 'status', cell: string): string | undefined {
  const key = headerKey(cell);
  return enumValues[field].find((value) => (enumLabels[field][value] ?? []).some((label) => headerKey(label) === key));
}

/** yes/no/true/false/1/0/是/否 (and y/n); undefined for anything else. */
export function booleanOf(cell: string): boolean | undefined {
  const key = cell.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', '是', '√'].includes(key)) return true;
  if (['no', 'n', 'false', '0', '否', '×'].includes(key)) return false;
  return undefined;
}

/** Tags separated by , ; 、 ， or ；. */
export function tagsOf(cell: string): string[] {
  return cell
    .split(/[,;、，；]/u)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}
