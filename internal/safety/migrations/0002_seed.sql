-- Seed data from the domain reference (../shared/domain/safety.md). Item
-- texts are short Chinese summaries of the clauses the reference captured;
-- the tag column carries its confidence (V confirmed, P partly, U
-- unverified) and the official wording needs a final check before it
-- drives behaviour. Everything here is data: edit or import, do not code.

INSERT INTO safety_sectors (code, name, name_en, sort_order) VALUES
	('road', '道路运输', 'Road transport', 1),
	('coal', '煤矿', 'Coal mines', 2),
	('metal_mine', '金属非金属矿山', 'Metal and non-metal mines', 3),
	('hazchem', '危险化学品', 'Hazardous chemicals', 4),
	('fire', '消防', 'Fire safety', 5),
	('tourism', '旅游', 'Tourism', 6),
	('industry_trade', '工贸', 'Industry and trade', 7),
	('construction', '房屋市政工程', 'Building and municipal construction', 8),
	('explosives', '民用爆炸物品', 'Civil explosives', 9);

INSERT INTO safety_criteria_sets (code, family, sector, title, issuer, doc_no, effective_from, effective_to, source, tag, notes) VALUES
	('MEM4-2020', 'MEM4', 'coal', '煤矿重大事故隐患判定标准', '应急管理部', '应急管理部令第4号', '2021-01-01', NULL,
	 'https://www.gov.cn/gongbao/content/2021/content_5581074.htm', 'V', '15 categories (art. 3); arts. 4 ff. quantify'),
	('KA-2022-88', 'KA88', 'metal_mine', '金属非金属矿山重大事故隐患判定标准', '国家矿山安全监察局', '矿安〔2022〕88号', '2022-09-01', NULL,
	 'http://www.hubeicoal-safety.gov.cn/a/xinwenzhongxin/wenjiangongkai/2022/0810/4058.html', 'V', 'sample items only; repeals 安监总管一〔2017〕98号; import the rest'),
	('AJZG3-2017-121', 'AJZG3-121', 'hazchem', '化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）', '原国家安全监管总局', '安监总管三〔2017〕121号', '2017-11-13', NULL,
	 'http://anzhuopai.com/szb/pc/col/202305/25/content_202393.html', 'P', '20 items (items 1–15 V, 16–18 P, 19–20 U); in-force date U'),
	('MEM10-2023', 'MEM10', 'industry_trade', '工贸企业重大事故隐患判定标准', '应急管理部', '应急管理部令第10号', '2023-05-15', NULL,
	 'https://www.gov.cn/gongbao/2023/issue_10566/202307/content_6890788.html', 'V', '64 items; captured: art. 3, first items of art. 4, art. 11, art. 14; import the rest'),
	('GB35181-2017', 'GB35181', 'fire', '重大火灾隐患判定方法', '公安部消防局', 'GB 35181-2017', '2018-07-01', '2025-10-31',
	 'http://www.uianet.net/dictionary/b5494504.html', 'V', 'direct-determination items; in-force date U; comprehensive method: ≥ 3 elements for crowded places'),
	('GB35181-2025', 'GB35181', 'fire', '重大火灾隐患判定规则', '国家消防救援局', 'GB 35181-2025', '2025-11-01', NULL,
	 'https://www.fire114.cn/index/article/detail?i=136605', 'V', 'items not captured (U): import chapters 5, 6 and Annex A'),
	('JT-2023', 'JT-ROAD', 'road', '道路运输企业和城市客运企业安全生产重大事故隐患判定标准（试行）', '交通运输部', '交办运〔2023〕52号', '2023-10-01', NULL,
	 'https://www.xjwq.gov.cn/info/1211/55721.htm', 'V', 'doc no. U; art. 3 general, art. 4 passenger; more per sub-sector');

INSERT INTO safety_criteria (set_id, code, article, text, grade, kind, tag, sort_order)
SELECT s.id, v.column1, v.column2, v.column3, 'major', v.column4, 'V', v.column5
FROM safety_criteria_sets s CROSS JOIN (VALUES
	('3-1', '第三条（一）', '超能力、超强度或者超定员组织生产', 'illegal_act', 1),
	('3-2', '第三条（二）', '瓦斯超限作业', 'illegal_act', 2),
	('3-3', '第三条（三）', '煤与瓦斯突出矿井，未依照规定实施防突出措施', 'management_defect', 3),
	('3-4', '第三条（四）', '高瓦斯、煤与瓦斯突出矿井未建立抽采系统和监控系统，或者系统不能正常运行', 'equipment', 4),
	('3-5', '第三条（五）', '通风系统不可靠', 'equipment', 5),
	('3-6', '第三条（六）', '有严重水患，未采取有效措施', 'management_defect', 6),
	('3-7', '第三条（七）', '超层越界开采', 'illegal_act', 7),
	('3-8', '第三条（八）', '有冲击地压危险，未采取有效措施', 'management_defect', 8),
	('3-9', '第三条（九）', '自然发火严重，未采取有效措施', 'management_defect', 9),
	('3-10', '第三条（十）', '使用明令禁止使用或者淘汰的设备、工艺', 'equipment', 10),
	('3-11', '第三条（十一）', '煤矿没有双回路供电系统', 'equipment', 11),
	('3-12', '第三条（十二）', '新建煤矿边建设边生产，煤矿改扩建期间在改扩建区域生产，或者在其他区域的生产超出安全设施设计规定的范围和规模', 'illegal_act', 12),
	('3-13', '第三条（十三）', '整体承包生产经营后未重新取得或者变更安全生产许可证而从事生产，或者承包方再次转包，以及将井下采掘工作面和井巷维修作业外包', 'outsourcing', 13),
	('3-14', '第三条（十四）', '改制期间未明确安全生产责任人和安全管理机构，或者改制后未重新取得或者变更采矿许可证、安全生产许可证和营业执照', 'management_defect', 14),
	('3-15', '第三条（十五）', '其他重大事故隐患', 'management_defect', 15)
) v WHERE s.code = 'MEM4-2020';

INSERT INTO safety_criteria (set_id, code, article, text, grade, kind, tag, sort_order)
SELECT s.id, v.column1, v.column2, v.column3, 'major', v.column4, 'V', v.column5
FROM safety_criteria_sets s CROSS JOIN (VALUES
	('U-1', '地下矿山', '独立直达地面的安全出口少于2个，或者与设计不一致', 'illegal_act', 1),
	('U-2', '地下矿山', '安全出口间距小于30米，或者矿体一翼走向长度超过1000米未在此翼设置安全出口', 'illegal_act', 2),
	('U-3', '地下矿山', '安全出口全部为竖井且未设梯子间，或者作为主要安全出口的罐笼提升井只有1套提升系统且未设梯子间', 'equipment', 3),
	('U-4', '地下矿山', '中段、采区、盘区或者矿块的安全出口少于2个，或者未与通往地面的安全出口相通', 'illegal_act', 4),
	('U-5', '地下矿山', '安全出口不畅通', 'management_defect', 5),
	('U-6', '地下矿山', '使用国家明令禁止使用的设备、材料或者工艺', 'equipment', 6),
	('U-7', '地下矿山', '与相邻矿山井巷贯通，或者矿山内部未经设计擅自贯通', 'illegal_act', 7),
	('U-8', '地下矿山', '未保存GB 16423-2020第4.1.10条规定的图纸，或者生产矿山每3个月、基建矿山每1个月未更新', 'management_defect', 8),
	('O-1', '露天矿山', '边坡角大于设计', 'illegal_act', 9),
	('T-1', '尾矿库', '坝体高度或者库容超过设计', 'illegal_act', 10)
) v WHERE s.code = 'KA-2022-88';

INSERT INTO safety_criteria (set_id, code, article, text, grade, kind, tag, sort_order)
SELECT s.id, v.column1, v.column2, v.column3, 'major', v.column4, v.column5, v.column6
FROM safety_criteria_sets s CROSS JOIN (VALUES
	('1', '第一条', '危险化学品生产、经营单位主要负责人和安全生产管理人员未依法经考核合格', 'management_defect', 'V', 1),
	('2', '第二条', '特种作业人员未持证上岗', 'illegal_act', 'V', 2),
	('3', '第三条', '涉及"两重点一重大"的生产装置、储存设施外部安全防护距离不符合国家标准要求', 'illegal_act', 'V', 3),
	('4', '第四条', '涉及重点监管危险化工工艺的装置未实现自动化控制，系统未实现紧急停车功能，或者装备的自动化控制系统、紧急停车系统未投入使用', 'equipment', 'V', 4),
	('5', '第五条', '构成一级、二级重大危险源的危险化学品罐区未实现紧急切断功能；涉及毒性气体、液化气体、剧毒液体的一级、二级重大危险源罐区未配备独立的安全仪表系统', 'equipment', 'V', 5),
	('6', '第六条', '全压力式液化烃储罐未按国家标准设置注水措施', 'equipment', 'V', 6),
	('7', '第七条', '液化烃、液氨、液氯等易燃易爆、有毒有害液化气体的充装未使用万向管道充装系统', 'equipment', 'V', 7),
	('8', '第八条', '光气、氯气、硫化氢等剧毒气体管道穿越除厂区（包括化工园区、工业园区）外的公共区域', 'illegal_act', 'V', 8),
	('9', '第九条', '地区架空电力线路穿越生产区且不符合国家标准要求', 'illegal_act', 'V', 9),
	('10', '第十条', '在役化工装置未经正规设计且未进行安全设计诊断', 'management_defect', 'V', 10),
	('11', '第十一条', '使用淘汰落后安全技术工艺、设备目录列出的工艺、设备', 'equipment', 'V', 11),
	('12', '第十二条', '涉及可燃和有毒有害气体泄漏的场所未按国家标准设置检测报警装置，爆炸危险场所未按国家标准安装使用防爆电气设备', 'equipment', 'V', 12),
	('13', '第十三条', '控制室或者机柜间面向具有火灾、爆炸危险性装置一侧不满足国家标准关于防火防爆的要求', 'equipment', 'V', 13),
	('14', '第十四条', '化工生产装置未按国家标准要求设置双重电源供电，自动化控制系统未设置不间断电源', 'equipment', 'V', 14),
	('15', '第十五条', '安全阀、爆破片等安全附件未正常投用', 'equipment', 'V', 15),
	('16', '第十六条', '未建立与岗位相匹配的全员安全生产责任制或者未制定实施生产安全事故隐患排查治理制度', 'management_defect', 'P', 16),
	('17', '第十七条', '未制定操作规程和工艺控制指标', 'management_defect', 'P', 17),
	('18', '第十八条', '未按照国家标准制定动火、进入受限空间等特殊作业管理制度，或者制度未有效执行', 'management_defect', 'P', 18),
	('19', '第十九条', '新开发的危险化学品生产工艺未经小试、中试、工业化试验直接进行工业化生产；国内首次使用的化工工艺未经省级人民政府有关部门组织的安全可靠性论证；新建装置未制定试生产方案投料开车；精细化工企业未按规范性文件要求开展反应安全风险评估', 'management_defect', 'U', 19),
	('20', '第二十条', '未按国家标准分区分类储存危险化学品，超量、超品种储存危险化学品，相互禁配物质混放混存', 'management_defect', 'U', 20)
) v WHERE s.code = 'AJZG3-2017-121';

INSERT INTO safety_criteria (set_id, code, article, text, grade, kind, tag, sort_order)
SELECT s.id, v.column1, v.column2, v.column3, 'major', v.column4, v.column5, v.column6
FROM safety_criteria_sets s CROSS JOIN (VALUES
	('3-1', '第三条', '未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查', 'outsourcing', 'V', 1),
	('3-2', '第三条', '特种作业人员未按照规定经专门的安全作业培训并取得相应资格上岗作业', 'illegal_act', 'V', 2),
	('3-3', '第三条', '金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格', 'management_defect', 'V', 3),
	('4-1', '第四条（冶金）', '会议室、活动室、休息室、操作室、交接班室、更衣室（含澡堂）等6类人员聚集场所，以及钢铁水罐冷（热）修工位设置在铁水、钢水、液渣吊运跨的地坪区域内', 'illegal_act', 'V', 4),
	('4-2', '第四条（冶金）', '生产期间冶炼、精炼和铸造生产区域的事故坑、炉下渣坑，以及熔融金属泼溅和滴漏区域内存在非生产性积水', 'management_defect', 'V', 5),
	('4-3', '第四条（冶金）', '炼钢连铸流程未设置事故钢水罐、中间罐漏钢坑（槽）、中间罐溢流坑（槽）、漏钢回转溜槽，或者模铸流程未设置事故钢水罐（坑、槽）', 'equipment', 'V', 6),
	('4-4', '第四条（冶金）', '转炉、电弧炉、AOD炉、LF炉、RH炉、VOD炉等炼钢炉的水冷元件未设置出水温度、进出水流量差等监测报警装置，或者监测报警装置未与炉体倾动、氧（副）枪自动提升、电极自动断电和升起装置联锁', 'equipment', 'V', 7),
	('11-1', '第十一条（粉尘防爆）', '粉尘爆炸危险场所设置在非框架结构的多层建（构）筑物内，或者与居民区、员工宿舍、会议室等人员聚集场所安全距离不符合有关标准规范要求', 'illegal_act', 'V', 8),
	('11-2', '第十一条（粉尘防爆）', '不同类别的可燃性粉尘、可燃性粉尘与可燃气体等易加剧爆炸危险的介质共用一套除尘系统，或者不同建（构）筑物、不同防火分区共用一套除尘系统、除尘系统互联互通', 'equipment', 'V', 9),
	('11-3', '第十一条（粉尘防爆）', '干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施', 'equipment', 'V', 10),
	('11-4', '第十一条（粉尘防爆）', '铝镁等金属粉尘除尘系统采用正压除尘方式，或者其他可燃性粉尘除尘系统采用正压吹送粉尘时未采取火花探测消除等防范点燃源措施', 'equipment', 'V', 11),
	('11-5', '第十一条（粉尘防爆）', '除尘系统采用重力沉降室除尘，或者采用干式巷道式构筑物作为除尘风道', 'equipment', 'V', 12),
	('11-6', '第十一条（粉尘防爆）', '铝镁等金属粉尘、木质粉尘的干式除尘系统未设置锁气卸灰装置', 'equipment', 'P', 13),
	('11-7', '第十一条（粉尘防爆）', '粉尘爆炸危险场所的20区未使用防爆电气设备', 'equipment', 'P', 14),
	('11-8', '第十一条（粉尘防爆）', '筛分、破碎、研磨等工序未设置除杂（铁、石）装置，或者木制品加工企业砂光机风道未设置火花探测消除装置', 'equipment', 'P', 15),
	('11-9', '第十一条（粉尘防爆）', '遇湿自燃金属粉尘收集、堆放、储存场所未采取通风等防止氢气积聚的措施', 'management_defect', 'P', 16),
	('14-1', '第十四条', '应当设置的监测监控、报警、防护装置未设置或者失效、不能正常使用', 'equipment', 'V', 17)
) v WHERE s.code = 'MEM10-2023';

INSERT INTO safety_criteria (set_id, code, article, text, grade, kind, tag, sort_order)
SELECT s.id, v.column1, v.column2, v.column3, 'major', v.column4, 'V', v.column5
FROM safety_criteria_sets s CROSS JOIN (VALUES
	('D-1', '直接判定', '生产、储存和装卸易燃易爆危险品的工厂、仓库和专用车站、码头、储罐区，未设置在城市的边缘或者相对独立的安全地带', 'illegal_act', 1),
	('D-2', '直接判定', '生产、储存、经营易燃易爆危险品的场所与人员密集场所、居住场所设置在同一建筑物内，或者与人员密集场所、居住场所的防火间距小于国家工程建设消防技术标准规定值的75%', 'illegal_act', 2),
	('D-3', '直接判定', '城市建成区内的加油站、天然气或者液化石油气加气站、加油加气合建站的储量达到或者超过GB 50156对一级站的规定', 'illegal_act', 3),
	('D-4', '直接判定', '甲、乙类生产场所和仓库设置在建筑的地下室或者半地下室', 'illegal_act', 4),
	('D-5', '直接判定', '公共娱乐场所、商店、地下人员密集场所的安全出口数量不足或者其总净宽度小于国家工程建设消防技术标准规定值的80%', 'illegal_act', 5),
	('D-6', '直接判定', '旅馆、公共娱乐场所、商店、地下人员密集场所未按国家工程建设消防技术标准的规定设置自动喷水灭火系统或者火灾自动报警系统', 'equipment', 6),
	('D-7', '直接判定', '易燃可燃液体、可燃气体储罐（区）未按国家工程建设消防技术标准的规定设置固定灭火、冷却、可燃气体浓度报警、火灾报警设施', 'equipment', 7),
	('D-8', '直接判定', '在人员密集场所违反消防安全规定使用、储存或者销售易燃易爆危险品', 'illegal_act', 8),
	('D-9', '直接判定', '托儿所、幼儿园的儿童用房以及老年人活动场所，所在楼层位置不符合国家工程建设消防技术标准的规定', 'illegal_act', 9),
	('D-10', '直接判定', '人员密集场所的居住场所采用彩钢夹芯板搭建，且彩钢夹芯板芯材的燃烧性能等级低于GB 8624规定的A级', 'illegal_act', 10)
) v WHERE s.code = 'GB35181-2017';

INSERT INTO safety_criteria (set_id, code, article, text, grade, kind, tag, sort_order)
SELECT s.id, v.column1, v.column2, v.column3, 'major', v.column4, 'V', v.column5
FROM safety_criteria_sets s CROSS JOIN (VALUES
	('3-1', '第三条（一）', '未取得道路运输经营许可或者未备案，超出许可事项或者有效期从事道路运输经营', 'illegal_act', 1),
	('3-2', '第三条（二）', '使用已达到报废标准、擅自改装拼装或者检验不合格的车辆从事道路运输经营', 'equipment', 2),
	('3-3', '第三条（三）', '车辆长期"三超一疲劳"未纠正且1个月内未处理，或者驾驶员单次记满10分以上仍继续上岗', 'management_defect', 3),
	('3-4', '第三条（四）', '在橙色以上台风或者红色暴雨、暴雪、冰雹、大雾、沙尘暴、大风、道路结冰、地质灾害等预警期间违反停运指令或者应急预案继续运营', 'illegal_act', 4),
	('3-5', '第三条（五）', '其他重大事故隐患', 'management_defect', 5),
	('4-1', '第四条（一）', '800公里以上客运线路未进行风险评估，或者未落实凌晨2时至5时停车休息或者接驳运输', 'management_defect', 6)
) v WHERE s.code = 'JT-2023';

-- The overdue escalation ladder. Intervals are ILLUSTRATIVE: the county
-- rule in the reference (§2.3) names the steps but not the days.
INSERT INTO safety_ladder_steps (ladder, ordinal, kind, days_overdue, effective_from, effective_to, source) VALUES
	('default', 1, 'supervision_letter', 1, '2008-02-01', NULL, 'illustrative; steps per county rule (domain reference §2.3), days [U]'),
	('default', 2, 'summons', 15, '2008-02-01', NULL, 'illustrative; days [U]'),
	('default', 3, 'public_notice', 30, '2008-02-01', NULL, 'illustrative; days [U]'),
	('default', 4, 'stop_order', 60, '2008-02-01', NULL, 'illustrative; days [U]'),
	('default', 5, 'credit_listing', 90, '2008-02-01', NULL, 'illustrative; days [U]');

-- 安监总财〔2018〕19号 (January 2018; day [U]).
INSERT INTO safety_reward_rules (code, name, basis, rate_bp, min_fen, max_fen, death_general_fen, death_larger_fen, death_major_fen, death_especially_major_fen, effective_from, effective_to, source) VALUES
	('national-2018-fine', '安全生产领域举报奖励办法：重大事故隐患、非法违法生产经营建设', 'fine_share', 1500, 300000, 30000000, 0, 0, 0, 0, '2018-01-01', NULL,
	 '安监总财〔2018〕19号; 人民日报 2018-02-01'),
	('national-2018-death', '安全生产领域举报奖励办法：瞒报谎报事故', 'concealed_death', 0, 0, 30000000, 3000000, 4000000, 5000000, 6000000, '2018-01-01', NULL,
	 '安监总财〔2018〕19号; 人民日报 2018-02-01');

-- Serious-dishonesty list regimes.
INSERT INTO safety_credit_policies (code, name, months, early_removal_months, sectors, effective_from, effective_to, source) VALUES
	('AJZB-2017-49', '对安全生产领域失信行为开展联合惩戒的实施办法', 12, 0, 'coal,metal_mine,hazchem,industry_trade,road,explosives', '2017-01-01', '2023-09-30',
	 '安监总办〔2017〕49号; effective date [U]'),
	('MEM11-2023', '安全生产严重失信主体名单管理办法', 36, 12, 'coal,metal_mine,hazchem,industry_trade', '2023-10-01', NULL,
	 '应急管理部令第11号; §2 scope excludes road, construction, fire');

INSERT INTO safety_credit_situations (policy_id, code, text, tag)
SELECT p.id, v.column1, v.column2, v.column3
FROM safety_credit_policies p CROSS JOIN (VALUES
	('A1', '发生特别重大、重大生产安全事故', 'V'),
	('A2', '12个月内累计发生2起以上较大生产安全事故', 'V'),
	('A3', '发生特别重大生产安全事故被依法处以罚款数额2倍以上5倍以下罚款', 'V'),
	('A4', '瞒报、谎报生产安全事故', 'V'),
	('A5', '事故发生后主要负责人不立即组织抢救或者在事故调查处理期间擅离职守、逃匿', 'V'),
	('V1', '未依法取得安全生产相关许可或者许可被暂扣、吊销期间从事相关生产经营活动', 'V'),
	('V2', '安全评价检测检验机构出租、出借资质，挂靠，或者出具虚假报告', 'P')
) v WHERE p.code = 'MEM11-2023';

INSERT INTO safety_credit_situations (policy_id, code, text, tag)
SELECT p.id, v.column1, v.column2, v.column3
FROM safety_credit_policies p CROSS JOIN (VALUES
	('B1', '发生较大及以上生产安全责任事故，或者一年内累计发生3起及以上造成死亡的一般生产安全责任事故', 'V'),
	('B3', '存在重大事故隐患且未整改继续生产经营', 'V'),
	('B5', '违反停产停业指令擅自生产经营', 'V'),
	('B6', '瞒报、谎报、迟报生产安全事故', 'V')
) v WHERE p.code = 'AJZB-2017-49';
