-- The warehouse tables (described for analysts in docs/warehouse.md, generated from the COMMENT ON
-- statements of pipelines/warehouse/comments.sql), with the bookkeeping in schema `internal`.
-- Idempotent: every statement can run on an existing warehouse.

CREATE TABLE IF NOT EXISTS articles (
    article_id      VARCHAR PRIMARY KEY,   -- file name without extension
    title           VARCHAR,
    published_date  DATE,                  -- from the manifest, else printed in the page
    period_id       VARCHAR,               -- reporting period of the article; null when none can be found
    period_source   VARCHAR NOT NULL,      -- manifest | text:<rule> | published-month | none
    source_path     VARCHAR NOT NULL,      -- path of the raw file, relative to the raw folder
    source_url      VARCHAR,
    publisher       VARCHAR,
    notes           VARCHAR,
    content_type    VARCHAR NOT NULL,      -- text | html
    encoding        VARCHAR NOT NULL,      -- encoding the raw bytes were decoded from
    sha256          VARCHAR NOT NULL,      -- of the raw file's bytes
    fingerprint     VARCHAR NOT NULL,      -- sha256 of the raw bytes and the manifest entry together
    n_chars         INTEGER NOT NULL,
    text            VARCHAR NOT NULL,      -- the text that mention and observation offsets point into
    ingested_at     TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS dropped_text (
    article_id  VARCHAR NOT NULL,
    line_no     INTEGER NOT NULL,          -- line number in the decoded page, before stripping
    text        VARCHAR NOT NULL,
    rule        VARCHAR NOT NULL           -- which furniture rule dropped it
);

CREATE TABLE IF NOT EXISTS periods (
    period_id     VARCHAR PRIMARY KEY,
    period_label  VARCHAR NOT NULL,
    granularity   VARCHAR NOT NULL,
    start_date    DATE NOT NULL,
    end_date      DATE NOT NULL,
    sort_order    INTEGER                  -- time order (periods.sort_periods): order by this, not by dates
);
ALTER TABLE periods ADD COLUMN IF NOT EXISTS sort_order INTEGER;

CREATE TABLE IF NOT EXISTS metrics (
    metric_id  VARCHAR PRIMARY KEY,
    unit       VARCHAR NOT NULL,
    domain     VARCHAR NOT NULL,
    name_en    VARCHAR NOT NULL,
    name_vi    VARCHAR NOT NULL,
    aliases    VARCHAR,                 -- other phrasings and abbreviations, separated by |
    measure    VARCHAR                  -- stock (a level at a date) | flow (over a period)
);
ALTER TABLE metrics ADD COLUMN IF NOT EXISTS aliases VARCHAR;
ALTER TABLE metrics ADD COLUMN IF NOT EXISTS measure VARCHAR;

CREATE TABLE IF NOT EXISTS units (
    unit_id    VARCHAR PRIMARY KEY,     -- count | percent | usd | vnd | index | mw | ...
    symbol     VARCHAR,                 -- as shown after a value (%, USD, MW)
    display    VARCHAR,                 -- how values are shown: plain | percent | money | scaled
    name_en    VARCHAR,
    name_vi    VARCHAR
);

CREATE TABLE IF NOT EXISTS qualifiers (
    qualifier  VARCHAR PRIMARY KEY,     -- exact | approx | over | nearly | at_least | at_most
    words      VARCHAR,                 -- the words that say it, separated by |
    low_rule   VARCHAR,                 -- how value_low is computed (pipelines/core/qualifiers.py)
    high_rule  VARCHAR,
    direction  INTEGER,                 -- 1: the true value is above the figure, -1: below, 0: around it
    symbol     VARCHAR,
    label_en   VARCHAR,
    meaning    VARCHAR
);

CREATE TABLE IF NOT EXISTS places (
    place_id      VARCHAR PRIMARY KEY,  -- vn | vn-<province> | agg-<aggregate> | foreign
    name_vi       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,     -- nation | province | aggregate | foreign
    valid_from    DATE,                 -- null: since before the sources
    valid_to      DATE,                 -- null: still in force
    successor_id  VARCHAR               -- the unit a province was merged into in 2025
);

CREATE TABLE IF NOT EXISTS indicators (
    indicator_id       VARCHAR PRIMARY KEY,
    subject            VARCHAR,         -- the most common wording
    unit               VARCHAR,
    n_observations     INTEGER,
    n_articles         INTEGER,
    periods            VARCHAR,         -- the periods it is stated for, comma separated in time order
    places             VARCHAR,
    example_evidence   VARCHAR,
    example_article_id VARCHAR,
    metric_id          VARCHAR,         -- the catalogue metric its observations map to, if any
    nearest_metric_id  VARCHAR,         -- the closest catalogue metric by name, mapped or not
    nearest_score      DOUBLE
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id    VARCHAR NOT NULL,
    mention_no    INTEGER NOT NULL,        -- order of the mention in the article
    raw           VARCHAR NOT NULL,        -- text[start_char:end_char]
    value         DOUBLE,
    unit          VARCHAR,
    denominator   DOUBLE,                  -- 63 in 54/63
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    mention_type  VARCHAR NOT NULL         -- quantity | date | period | time | legal_ref | ordinal | list_count | page_furniture
);

CREATE TABLE IF NOT EXISTS observations (
    article_id      VARCHAR NOT NULL,
    observation_no  INTEGER NOT NULL,
    metric_id       VARCHAR,               -- null: an indicator the catalogue does not know yet
    period_id       VARCHAR,               -- null: no period stated or inferred; left out of series
    kind            VARCHAR NOT NULL,      -- level | change_abs | change_pct
    base_period_id  VARCHAR,
    value           DOUBLE NOT NULL,
    unit            VARCHAR NOT NULL,
    qualifier       VARCHAR NOT NULL,      -- exact | approx | over | nearly | at_least
    status          VARCHAR NOT NULL,      -- reported | forecast | target
    denominator     DOUBLE,
    evidence        VARCHAR NOT NULL,      -- the sentence
    evidence_start  INTEGER,
    evidence_end    INTEGER,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    rule            VARCHAR,               -- the cue or lexicon entry that matched the metric
    subject         VARCHAR,               -- what the number measures, as written
    subject_start   INTEGER,
    subject_end     INTEGER,
    indicator_id    VARCHAR,               -- stable normalised key of the subject
    place_id        VARCHAR,               -- where the value applies (places)
    match           VARCHAR,               -- how metric_id was chosen: name | alias | cue | null
    match_score     DOUBLE,
    value_low       DOUBLE,                -- the interval the wording allows (qualifier and rounding)
    value_high      DOUBLE,
    as_of_date      DATE,                  -- a stock stated as of a date; null for a flow over a period
    decimals        INTEGER,               -- decimals written in the number (2,8 triệu: 1)
    scale           DOUBLE                 -- the scale word's factor (triệu: 1e6), 1 when none
);

-- Bookkeeping lives in schema `internal`; schema `main` holds what analysts query.
CREATE SCHEMA IF NOT EXISTS internal;

CREATE TABLE IF NOT EXISTS internal.extraction_state (
    article_id    VARCHAR PRIMARY KEY,
    sha256        VARCHAR NOT NULL,        -- the articles.sha256 that was extracted
    period_id     VARCHAR,
    extractor     VARCHAR,                 -- fingerprint of the extraction code and catalogue that ran
    extracted_at  TIMESTAMP NOT NULL
);

-- Warehouses built before the open-indicator columns: add them, so the next run re-extracts in place.
ALTER TABLE internal.extraction_state ADD COLUMN IF NOT EXISTS extractor VARCHAR;
ALTER TABLE articles ALTER COLUMN period_id DROP NOT NULL;
ALTER TABLE observations ALTER COLUMN metric_id DROP NOT NULL;
ALTER TABLE observations ALTER COLUMN period_id DROP NOT NULL;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS subject VARCHAR;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS subject_start INTEGER;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS subject_end INTEGER;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS indicator_id VARCHAR;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS place_id VARCHAR;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS match VARCHAR;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS match_score DOUBLE;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS value_low DOUBLE;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS value_high DOUBLE;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS as_of_date DATE;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS decimals INTEGER;
ALTER TABLE observations ADD COLUMN IF NOT EXISTS scale DOUBLE;

CREATE TABLE IF NOT EXISTS quarantine (
    source_path  VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,         -- short code: empty | binary | undecodable | too_large | duplicate | ...
    detail       VARCHAR,                  -- a sentence for a person
    sha256       VARCHAR,
    outcome      VARCHAR NOT NULL,         -- rejected (not ingested) | accepted (ingested after a repair)
    detected_at  TIMESTAMP NOT NULL
);

-- The stat cache of the raw folder: for each file whose bytes are those of an article in the warehouse, its
-- stat when it was last read and the sha256 of its bytes (pipelines/core/articles.py:scan_batches); a file
-- whose stat is unchanged is not read again. Schema `cache` holds what describes this machine's files, not
-- the data: two warehouses built from copies of one folder hold the same tables in `main` and `internal`
-- and differ only here (inodes, times), and dropping the schema only costs the next run a read of each file.
CREATE SCHEMA IF NOT EXISTS cache;
CREATE TABLE IF NOT EXISTS cache.raw_files (
    source_path  VARCHAR PRIMARY KEY,      -- relative to the raw folder, as articles.source_path
    size         BIGINT NOT NULL,
    mtime_ns     BIGINT NOT NULL,
    ctime_ns     BIGINT NOT NULL,
    inode        UBIGINT NOT NULL,
    device       UBIGINT NOT NULL,
    sha256       VARCHAR NOT NULL          -- of the bytes read
);
