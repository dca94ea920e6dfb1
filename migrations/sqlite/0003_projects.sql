-- Projects (worksites) imported from the operator's CSV (`wagedesk projects import`), with the
-- signboard fields of 条例 Art. 34 and their routing offices, and the deep-link codes printed on
-- signboards. `id` is the operator's own project id, stable across imports.

CREATE TABLE projects (
    id                    TEXT    PRIMARY KEY,
    name                  TEXT    NOT NULL,
    county_code           TEXT    NOT NULL,
    sector                TEXT    NOT NULL,
    builder               TEXT    NOT NULL,   -- 建设单位
    general_contractor    TEXT    NOT NULL,   -- 施工总承包单位
    project_department    TEXT    NOT NULL,   -- 项目部
    subcontractors        TEXT    NOT NULL DEFAULT '[]',   -- JSON array of 分包单位
    labour_manager_name   TEXT    NOT NULL,   -- 劳资专管员, as posted on the signboard
    labour_manager_phone  TEXT    NOT NULL,
    minimum_wage_fen      INTEGER NOT NULL CHECK (minimum_wage_fen > 0),
    pay_day               INTEGER NOT NULL CHECK (pay_day BETWEEN 1 AND 31),
    labour_office         TEXT    NOT NULL,
    sector_office         TEXT,
    township_office       TEXT,
    government_invested   INTEGER NOT NULL DEFAULT 0,
    imported_at           TEXT    NOT NULL,   -- first import
    updated_at            TEXT    NOT NULL    -- last import that changed the row
);

-- The code a signboard's QR code carries (`/start <code>`). Revoking keeps the row, so an old board
-- is recognised as stale rather than unknown; at most one active code per project.
CREATE TABLE project_link_codes (
    code        TEXT    PRIMARY KEY,
    project_id  TEXT    NOT NULL REFERENCES projects (id),
    issued_at   TEXT    NOT NULL,
    revoked_at  TEXT
);
CREATE UNIQUE INDEX project_link_codes_active ON project_link_codes (project_id) WHERE revoked_at IS NULL;
