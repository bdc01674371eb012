-- ILLUSTRATIVE quarterly enterprise 红黑榜 (issue 4 §8: "an enterprise
-- blacklist"): enterprises ranked by their own hazards; red = the best 10
-- without a negative event, black = under 70 and last, or a negative event
-- (an accident, concealing a hazard …). The sheet is an example after the
-- county scheme above, to be replaced by the prefecture's own; it is kept
-- apart from the statutory serious-dishonesty list (应急管理部令第11号).
INSERT INTO safety_ranking_schemes (code, name, subject, base, red_top, black_below, items_json, effective_from, source) VALUES
	('enterprise-quarterly', '企业隐患排查整治季度红黑榜（示意）', 'enterprise', 100, 10, 70,
	 '[{"indicator":"overdue","per_unit":-10,"cap":40},{"indicator":"listed_open","per_unit":-15,"cap":45},{"indicator":"major_found","per_unit":-5,"cap":20},{"indicator":"rectification_rate","per_unit":0.1,"cap":0}]',
	 '2023-05-19', 'illustrative; local practice (domain reference §2.8)');
