/** The default two-level taxonomy of docs/DOMAIN.md §1 (codes stable ASCII, names Chinese). Base points are scoring's. */
export interface TaxonomyItem {
  code: string;
  name: string;
  children: { code: string; name: string }[];
}

const items: [string, string, string[]][] = [
  ['PARTY', '党的建设', ['理论学习', '基层党组织建设', '党风廉政建设', '两新党建']],
  ['FTP', '自贸港政策落实', ['零关税政策运用', '制度集成创新', '政策宣传解读']],
  ['REFORM', '重点领域改革', ['体制机制改革', '事业单位改革', '审批制度改革']],
  ['INVEST', '招商引资', ['项目签约', '项目落地', '500强企业引进', '重点项目纳统']],
  ['PROJECT', '项目建设', ['重点项目推进', '园区运营', '城乡建设']],
  ['INDUSTRY', '产业发展', ['现代商贸', '总部经济', '融资租赁', '高新技术产业']],
  ['BIZENV', '营商环境', ['助企纾困', '企业服务', '政务服务优化']],
  ['LIVELIHOOD', '民生实事', ['社保扩面', '就业', '医疗卫生', '住房保障']],
  ['EDUCATION', '教育文化', ['教师交流帮扶', '育人品牌', '文化惠民']],
  ['GOVERNANCE', '基层治理', ['网格化治理', '社区服务', '新兴领域服务']],
  ['PETITION', '信访维稳', ['信访积案化解', '矛盾纠纷调处']],
  ['RURAL', '乡村振兴', ['特色农业', '农业品牌', '农民增收']],
  ['ECOLOGY', '生态环保', ['环境整治', '生态修复']],
  ['SAFETY', '安全生产与应急', ['急难险重任务', '应急处置', '安全隐患整治']],
  ['INNOVATION', '科技创新与数字化', ['数字政府', '科技项目', '人才引进']],
  ['HONOR', '表彰与其他实绩', ['上级表彰', '经验推广', '其他']],
];

export const DEFAULT_TAXONOMY: TaxonomyItem[] = items.map(([code, name, children]) => ({
  code,
  name,
  children: children.map((child, index) => ({ code: `${code}-${String(index + 1).padStart(2, '0')}`, name: child })),
}));
