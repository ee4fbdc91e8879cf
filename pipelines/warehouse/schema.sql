-- The warehouse tables named by the contract (tests/fixtures/spec/CONTRACT.md), with extra columns.
-- Idempotent: every statement can run on an existing warehouse.

CREATE TABLE IF NOT EXISTS articles (
    article_id      VARCHAR PRIMARY KEY,   -- file name without extension
    title           VARCHAR,
    published_date  DATE,                  -- from the manifest, else printed in the page
    period_id       VARCHAR NOT NULL,      -- reporting period of the article
    period_source   VARCHAR NOT NULL,      -- manifest | text:<rule> | published-month
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
    name_vi    VARCHAR NOT NULL
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
    metric_id       VARCHAR NOT NULL,
    period_id       VARCHAR NOT NULL,
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
    rule            VARCHAR                -- the cue that matched the metric
);

CREATE TABLE IF NOT EXISTS extraction_state (
    article_id    VARCHAR PRIMARY KEY,
    sha256        VARCHAR NOT NULL,        -- the articles.sha256 that was extracted
    period_id     VARCHAR NOT NULL,
    extracted_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    source_path  VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,         -- short code: empty | binary | undecodable | too_large | duplicate | ...
    detail       VARCHAR,                  -- a sentence for a person
    sha256       VARCHAR,
    outcome      VARCHAR NOT NULL,         -- rejected (not ingested) | accepted (ingested after a repair)
    detected_at  TIMESTAMP NOT NULL
);
