-- Generated cases for the ledger benchmark ({N} is replaced by the count, {FIRST} by the first complaint
-- id: 1 for the benchmark, past existing complaints for a test). Statements end with ";\n".
CREATE TEMP TABLE g AS
WITH RECURSIVE seq(n) AS (SELECT {FIRST} UNION ALL SELECT n + 1 FROM seq WHERE n < {FIRST} + {N} - 1)
SELECT n,
    CASE WHEN n % 10 < 6 THEN 'hz-xihu-ldjc' WHEN n % 10 < 9 THEN 'hz-gongshu-ldjc' ELSE 'hz-binjiang-ldjc' END AS office,
    CASE WHEN n % 10 < 6 THEN '330106' WHEN n % 10 < 9 THEN '330105' ELSE '330108' END AS county,
    date('2024-01-01', '+' || ((n - {FIRST} + 1) * 1095 / {N}) || ' days') AS day,
    CASE n % 8 WHEN 0 THEN 'submitted' WHEN 1 THEN 'accepted' WHEN 2 THEN 'handling' WHEN 3 THEN 'resolved'
        WHEN 4 THEN 'closed' WHEN 5 THEN 'withdrawn' WHEN 6 THEN 'closed' ELSE 'need_info' END AS status,
    (n % 97 + 1) * 150000 AS amount,
    1 + n % 13 AS workers,
    CASE WHEN n % 5 = 0 THEN printf('bench-%03d', n % 40) END AS project
FROM seq;
INSERT INTO projects (id, name, county_code, sector, builder, general_contractor, project_department,
    labour_manager_name, labour_manager_phone, minimum_wage_fen, pay_day, labour_office, government_invested,
    imported_at, updated_at)
WITH RECURSIVE p(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM p WHERE i < 39)
SELECT printf('bench-%03d', i), '测试项目' || i, '330106', 'building', '某某建设单位' || i, '某某建工集团' || i,
    '项目部' || i, '张三', '13800000000', 249000, 15, 'hz-xihu-ldjc', i % 2 = 0,
    '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'
FROM p;
INSERT INTO complaints (id, case_number, status, lang, worker_chat_id, project_code, county_code, site, sector,
    employer_kind, employer, claim_kind, litigation, amount_fen, period_start, period_end, workers, description,
    submitted_at, submitted_on, employer_key)
SELECT n, printf('QX-%s-%s-%07d', county, replace(day, '-', ''), n), status, 'zh-Hans', 1000000000 + n, project,
    county, '某某工地' || (n % 500), 'building', 'labour_contractor', '杭州某某劳务有限公司' || (n % 2000), 'wages',
    'none', amount, '2023-10', '2024-01', workers, '从去年十月干到今年一月，老板一直拖着不给钱，电话也不接。',
    day || 'T01:00:00.000Z', day, 'employer' || (n % 2000)
FROM g;
INSERT INTO claimants (complaint_id, role, name, phone_sealed, phone_hash, phone_masked, amount_fen, consent_at,
    chat_id, period_start, period_end)
SELECT n, 'filer', '工人' || n, 'sealed-phone-' || n, 'hash-' || n, printf('138****%04d', n % 10000), amount,
    day || 'T01:00:00.000Z', 1000000000 + n, '2023-10', '2024-01'
FROM g;
INSERT INTO cases (complaint_id, owner_office, first_office, status, acceptance_due, investigation_due, state,
    updated_at, submitted_on, accepted_on, finished_on, clock_due, closed_in_time, outcome, verified, claimed_fen,
    paid_fen, workers, county_code, project_id, government_invested)
SELECT n, office, office, status, date(day, '+7 days'), inv_due,
    json_object('status', status, 'owner', office, 'first_office', office, 'co_handlers', json_array(),
        'submitted_on', day, 'acceptance_from', day, 'acceptance_due', date(day, '+7 days'),
        'accepted_on', acc_day, 'investigation_from', acc_day, 'investigation_due', inv_due, 'extended', json('false'),
        'outcome', CASE WHEN outcome IS NULL THEN NULL ELSE json_object('kind', outcome) END,
        'resolved_on', CASE WHEN status = 'withdrawn' THEN NULL ELSE fin_day END, 'followup_on', NULL),
    day || 'T01:00:00.000Z', day, acc_day, fin_day,
    CASE status WHEN 'submitted' THEN date(day, '+7 days') WHEN 'accepted' THEN inv_due WHEN 'handling' THEN inv_due END,
    CASE WHEN fin_day IS NULL THEN NULL WHEN fin_day <= COALESCE(inv_due, date(day, '+7 days')) THEN 1 ELSE 0 END,
    outcome, acc_day IS NOT NULL AND COALESCE(outcome, '') <> 'unfounded', amount,
    CASE outcome WHEN 'paid_in_full' THEN amount WHEN 'paid_in_part' THEN amount / 2 ELSE 0 END,
    workers, county, project, project IS NOT NULL AND (n % 40) % 2 = 0
FROM (
    SELECT g.*, CASE WHEN accepted THEN date(day, '+3 days') END AS acc_day,
        CASE WHEN accepted THEN date(day, '+88 days') END AS inv_due,
        CASE status WHEN 'resolved' THEN date(day, '+' || (20 + n % 100) || ' days')
            WHEN 'closed' THEN date(day, '+' || (30 + n % 60) || ' days') WHEN 'withdrawn' THEN date(day, '+10 days') END
            AS fin_day,
        CASE status WHEN 'resolved' THEN CASE WHEN n % 3 = 0 THEN 'unfounded' ELSE 'paid_in_part' END
            WHEN 'closed' THEN 'paid_in_full' END AS outcome
    FROM (SELECT g.*, status IN ('accepted', 'handling', 'resolved', 'closed') AS accepted FROM g) g
);
DROP TABLE g;
