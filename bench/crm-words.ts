/** Word lists the CRM seed combines into names, phones and notes (bench/crm-seed.ts). */

export const cities = ['北京', '上海', '深圳', '广州', '杭州', '成都', '南京', '武汉', '苏州', '西安', '重庆', '天津', '长沙', '郑州', '青岛', '厦门', '宁波', '合肥', '济南', '昆明'];
/** First and second syllable of a company's brand: 40 × 40 brands. */
export const brandFirst = ['华', '鼎', '恒', '瑞', '金', '宏', '天', '博', '新', '安', '众', '嘉', '远', '中', '盛', '明', '东', '联', '德', '永', '百', '汇', '创', '佳', '海', '信', '万', '正', '通', '泰', '长', '康', '卓', '达', '欣', '睿', '凯', '星', '益', '九'];
export const brandSecond = ['信', '盛', '达', '丰', '源', '科', '锐', '通', '泰', '辉', '成', '和', '诚', '航', '宇', '恒', '美', '联', '创', '隆', '晟', '邦', '远', '润', '兴', '祥', '峰', '业', '维', '迅', '捷', '力', '鑫', '升', '豪', '坤', '图', '腾', '拓', '贸'];
export const businesses = ['科技', '贸易', '电子', '机械', '物流', '医疗器械', '软件', '新材料', '食品', '建材', '环保', '化工', '服饰', '教育咨询', '汽车配件'];
export const englishFirst = ['Acme', 'Northwind', 'Blue Harbor', 'Summit', 'Evergreen', 'Pioneer', 'Silverline', 'Redwood', 'Brightway', 'Oakridge', 'Crescent', 'Meridian', 'Atlas', 'Horizon', 'Granite', 'Lakeside', 'Falcon', 'Sterling', 'Maple', 'Nova', 'Orion', 'Pacific', 'Quantum', 'Riverstone', 'Sapphire', 'Trident', 'Unity', 'Vertex', 'Westbrook', 'Zenith'];
export const englishSecond = ['Logistics', 'Trading', 'Systems', 'Foods', 'Medical', 'Software', 'Components', 'Textiles', 'Robotics', 'Packaging', 'Analytics', 'Energy', 'Furniture', 'Chemicals', 'Instruments'];
export const englishSuffixes = ['Ltd', 'Inc', 'LLC', 'GmbH', 'Co., Ltd', 'Pte Ltd'];
export const industries = ['制造业', '软件和信息技术', '批发零售', '医疗健康', '教育培训', '金融服务', '物流运输', '房地产', '能源化工', '餐饮食品', 'Manufacturing', 'Software', 'Retail', 'Healthcare'];
export const districts = ['朝阳区建国路', '浦东新区张江路', '南山区科技园', '天河区珠江新城', '西湖区文三路', '高新区天府大道', '鼓楼区中山路', '江汉区解放大道'];
export const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
export const givenNames = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '军', '涛', '明', '超', '秀英', '晓东', '建华', '丽娟', '志强', '海燕', '文博', '雨婷', '子涵', '浩然'];
export const englishGiven = ['James', 'Mary', 'Robert', 'Linda', 'Michael', 'Sarah', 'David', 'Emma', 'Daniel', 'Olivia', 'Thomas', 'Sophie'];
export const englishFamily = ['Smith', 'Johnson', 'Brown', 'Miller', 'Wilson', 'Taylor', 'Clark', 'Walker', 'Young', 'King'];
export const titles = ['总经理', '采购经理', '技术总监', '财务主管', '销售总监', 'Purchasing Manager', 'CTO', '行政主管'];
export const mobilePrefixes = ['138', '139', '135', '136', '137', '150', '151', '158', '186', '187', '177', '189'];
export const areaCodes = ['010', '021', '0755', '020', '0571', '028', '025', '027'];
export const followUpNotes = [
  '电话沟通了报价，客户关注交期和售后服务。',
  '上门拜访，演示了新版本功能，对方技术负责人比较认可。',
  '发送了产品资料和案例，约定下周再联系。',
  '微信确认了合同条款，财务还在走审批流程。',
  '客户反馈预算收紧，需要重新评估方案。',
  '参加了客户的年度供应商大会，认识了采购总监。',
  'Call with the buyer: they want a volume discount before renewing.',
  'Sent the revised quote; waiting for their legal review.',
  '售后问题已解决，客户满意度回访良好。',
  '对方要求提供样品，已安排快递寄出。',
  'Meeting with the CTO about the integration timeline.',
  '老客户续约意向明确，准备下个月签约。',
];
export const dealNames = ['年度采购框架协议', '设备升级项目', '软件授权续费', '新厂区配套项目', 'Annual supply contract', 'Pilot rollout', '渠道合作', '维保服务'];
export const teamNames = ['华东一组', '华南二组', '华北三组', '西部四组', 'Key Accounts'];

/** A SQL array literal of text, e.g. ARRAY['a','b']::text[]. */
export function textArray(values: readonly string[]): string {
  return `ARRAY[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(',')}]::text[]`;
}
