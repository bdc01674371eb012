package demo

// The Changji prefecture as the May 2023 page of the prefecture's daily
// paper describes it (../shared/seed/000_1a2455d809e390f3.txt, ordered in
// ../shared/domain/README.md). Anything not on the page is marked
// illustrative (示意) and says so in its notes.

type division struct {
	Code, Name, Level, Parent string
}

// divisions: GB/T 2260 codes as listed in the domain README.
func divisions() []division {
	return []division{
		{"650000", "新疆维吾尔自治区", "province", ""},
		{"652300", "昌吉回族自治州", "prefecture", "650000"},
		{"652301", "昌吉市", "county", "652300"},
		{"652302", "阜康市", "county", "652300"},
		{"652323", "呼图壁县", "county", "652300"},
		{"652324", "玛纳斯县", "county", "652300"},
		{"652325", "奇台县", "county", "652300"},
		{"652327", "吉木萨尔县", "county", "652300"},
		{"652328", "木垒哈萨克自治县", "county", "652300"},
	}
}

type park struct {
	Name, Short, Level, Kind, Division, Committee, Notes string
	Illustrative                                         bool
}

// parks: the three national-level parks named on the page and six
// autonomous-region-level parks, one per remaining county. The page does not
// name the six; their names here are illustrative except 城南工业园区, which
// the page names as the site of the coalbed-methane booster station.
func parks() []park {
	return []park{
		{"昌吉国家高新技术产业开发区", "昌吉高新区", "national", "high_tech", "652301", "昌吉国家高新技术产业开发区管理委员会",
			"国家高新技术企业 50 家，占全州 30%（报道，2023 年）。", false},
		{"昌吉国家农业高新技术产业示范区", "昌吉农高区", "national", "agri_high_tech", "652301", "昌吉国家农业高新技术产业示范区管理委员会",
			"2023 年计划完成项目投资 106 亿元；“4+1”产业体系（报道）。", false},
		{"准东经济技术开发区", "准东开发区", "national", "econ_tech", "652327", "准东经济技术开发区管理委员会",
			"2022 年工业总产值 1406 亿元，居全疆 9 个国家级开发区首位（报道）。所属县为示意：开发区跨东部多县。", false},
		{"阜康产业园", "阜康产业园", "regional", "industrial", "652302", "阜康产业园管理委员会", "名称为示意：报道未列出自治区级园区名称。", true},
		{"呼图壁工业园区", "呼图壁工业园", "regional", "industrial", "652323", "呼图壁工业园区管理委员会", "名称为示意。", true},
		{"玛纳斯工业园区", "玛纳斯工业园", "regional", "industrial", "652324", "玛纳斯工业园区管理委员会", "名称为示意。", true},
		{"奇台工业园区", "奇台工业园", "regional", "industrial", "652325", "奇台工业园区管理委员会", "名称为示意。", true},
		{"吉木萨尔县城南工业园区", "城南工业园区", "regional", "industrial", "652327", "吉木萨尔县城南工业园区管理委员会",
			"煤层气输气管线增压站所在地（报道）。", false},
		{"木垒工业园区", "木垒工业园", "regional", "industrial", "652328", "木垒工业园区管理委员会", "名称为示意。", true},
	}
}

type org struct {
	Kind, Name, USCC, Division, Park, Industry, Principal, Notes string
	Clusters                                                     []string // cluster names in the 八大 taxonomy
	Illustrative                                                 bool
}

// organisations: the enterprises the page names, with illustrative credit
// codes (the page gives none; these pass the GB 32100-2015 check), the
// bureaus that run the modules, and one illustrative enterprise per county
// used to show that a county sees only its own.
func organisations() []org {
	return []org{
		{"enterprise", "新疆笑厨食品有限公司", "91652301MA77XC0F1H", "652301", "昌吉农高区", "食品制造",
			"", "新疆番茄优势特色产业项目投资方：总投资 5 亿元，年产 20 万吨生产线（报道）。信用代码为示意。", []string{"绿色有机果蔬"}, false},
		{"enterprise", "新疆维格瑞生物科技有限公司", "91652301MA775W8R26", "652301", "昌吉高新区", "化学原料和化学制品制造",
			"", "年产 24 万吨生物可降解聚酯树脂，自治区重点项目（报道）。信用代码为示意。", []string{"新能源新材料等战略性新兴产业"}, false},
		{"enterprise", "昆仑天泽新能源有限责任公司", "91652327MA78A1B03C", "652327", "城南工业园区", "天然气开采",
			"", "水溪沟矿区煤层气开发运营企业（报道）。信用代码为示意。", []string{"油气生产加工"}, false},
		{"enterprise", "木垒县风光新能源开发有限公司", "91652328MA79K2M349", "652328", "木垒工业园", "电力生产",
			"", "示意：代表木垒县 24 家企业的 57 个风光项目（报道）。", []string{"新能源新材料等战略性新兴产业"}, true},
		{"enterprise", "阜康市煤化工示范有限公司", "91652302MA7812TC6H", "652302", "阜康产业园", "煤化工",
			"", "示意数据。", []string{"煤炭煤电煤化工"}, true},
		{"enterprise", "奇台县粮油加工有限公司", "91652325MA79P0QX7K", "652325", "奇台工业园", "农副食品加工",
			"", "示意数据。", []string{"粮油"}, true},
		{"government", "中国农业科学院西部农业研究中心", "12652300MB1234567T", "652301", "昌吉农高区", "科研",
			"", "昌吉农高区合作科研机构（报道）。信用代码为示意。", nil, false},
		{"government", "昌吉回族自治州发展和改革委员会", "116523000100000016", "652300", "", "政府部门", "", "信用代码为示意。", nil, false},
		{"government", "昌吉回族自治州应急管理局", "116523000100000029", "652300", "", "政府部门", "", "信用代码为示意。", nil, false},
		{"government", "昌吉回族自治州水利局", "11652300010000003C", "652300", "", "政府部门", "", "信用代码为示意。", nil, false},
		{"government", "吉木萨尔县应急管理局", "11652327010000004K", "652327", "", "政府部门", "", "信用代码为示意。", nil, false},
		{"government", "木垒哈萨克自治县发展和改革委员会", "116523280100000055", "652328", "", "政府部门", "", "信用代码为示意。", nil, false},
	}
}

type taxonomy struct {
	Code, Version, Name, Issuer, Park, From, To, Notes string
	Clusters                                           []string
}

// taxonomies: cluster sets are versioned data. Sources: projects.md §2.8.
func taxonomies() []taxonomy {
	return []taxonomy{
		{"XJ-CLUSTERS", "2022", "八大产业集群", "新疆维吾尔自治区", "", "2022-09-01", "2024-12-31",
			"2022 年 9 月提出的八大产业集群（已核实）。",
			[]string{"油气生产加工", "煤炭煤电煤化工", "绿色矿业", "粮油", "棉花和纺织服装", "绿色有机果蔬", "优质畜产品", "新能源新材料等战略性新兴产业"}},
		{"XJ-CLUSTERS", "2025", "十大产业集群", "新疆维吾尔自治区", "", "2025-01-01", "",
			"2025 年起新增新型电力系统、现代物流（待核实）；其余名称沿用，待正式文本确认（示意）。",
			[]string{"油气生产加工", "煤炭煤电煤化工", "绿色矿业", "粮油", "棉花和纺织服装", "绿色有机果蔬", "优质畜产品", "新能源新材料等战略性新兴产业", "新型电力系统", "现代物流"}},
		{"NGQ-4+1", "2023", "昌吉农高区“4+1”产业体系", "昌吉国家农业高新技术产业示范区", "昌吉农高区", "2023-01-01", "",
			"报道中的“4+1”：四大产业加生物制造。",
			[]string{"粮油", "棉花和纺织服装", "绿色有机果蔬", "优质畜产品", "生物制造"}},
	}
}

type person struct {
	Name, Title, Org, Division, Phone, Note string
}

// people: all illustrative; the page names no individuals.
func people() []person {
	return []person{
		{"王建国", "副州长（示意）", "", "652300", "", "昆仑天泽包保领导（示意）"},
		{"李明", "安全生产第一责任人（示意）", "昆仑天泽新能源有限责任公司", "652327", "0994-0000001", "第一责任人（示意）"},
		{"马丽", "总经理（示意）", "新疆笑厨食品有限公司", "652301", "0994-0000002", "第一责任人（示意）"},
		{"阿不都热合曼", "副县长（示意）", "", "652328", "", "木垒县新能源项目包联领导（示意）"},
	}
}

// Login is one demo account printed by `bogda demo`.
type Login struct {
	Username, Role, Scope, Password string
}

// DemoPassword is the password of every demo account: the demo is for
// looking around, never for real data.
const DemoPassword = "Bogda-demo-2026"

type demoUser struct {
	Username, Name, Role, Division, Org string // Org: organisation name for enterprise users
}

// users: one per role, scoped where the role needs it.
func users() []demoUser {
	return []demoUser{
		{"admin", "州平台管理员", "admin", "", ""},
		{"fgw", "州发改委 张伟", "bureau_dev", "", ""},
		{"yjj", "州应急管理局 刘洋", "bureau_safety", "", ""},
		{"slj", "州水利局 陈静", "bureau_water", "", ""},
		{"nyj", "州能源主管部门 赵磊", "bureau_energy", "", ""},
		{"jmse", "吉木萨尔县 工作人员", "local_staff", "652327", ""},
		{"mulei", "木垒县 工作人员", "local_staff", "652328", ""},
		{"xiaochu", "新疆笑厨食品有限公司 填报员", "enterprise", "", "新疆笑厨食品有限公司"},
		{"chuyun", "危化储运公司 安全员（示意）", "enterprise", "", "吉木萨尔县示范危化储运有限公司"},
		{"inspector", "吉木萨尔县 执法检查员", "inspector", "652327", ""},
		{"leader", "州领导", "leader", "", ""},
	}
}
