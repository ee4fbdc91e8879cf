-- Descriptions of the warehouse tables for analysts (DuckDB comments; docs/warehouse.md is generated from
-- them by pipelines.warehouse.docs). The derived tables describe themselves at the end of their sql/ file.

COMMENT ON TABLE articles IS 'One row per ingested article, with the text that every offset points into.';
COMMENT ON COLUMN articles.article_id IS 'File name without extension.';
COMMENT ON COLUMN articles.title IS 'Title: the first line of the text, or the page title.';
COMMENT ON COLUMN articles.published_date IS 'From the manifest, else printed in the page; null when unknown.';
COMMENT ON COLUMN articles.period_id IS 'Reporting period of the article (periods); null when none can be found.';
COMMENT ON COLUMN articles.period_source IS 'Where the period came from: manifest | text:<rule> | published-month | none.';
COMMENT ON COLUMN articles.source_path IS 'Path of the raw file, relative to the raw folder.';
COMMENT ON COLUMN articles.source_url IS 'Address of the page, from the manifest.';
COMMENT ON COLUMN articles.publisher IS 'Publisher, from the manifest.';
COMMENT ON COLUMN articles.notes IS 'Analyst notes from the manifest.';
COMMENT ON COLUMN articles.content_type IS 'text | html.';
COMMENT ON COLUMN articles.encoding IS 'Encoding the raw bytes were decoded from.';
COMMENT ON COLUMN articles.sha256 IS 'SHA-256 of the raw file''s bytes.';
COMMENT ON COLUMN articles.fingerprint IS 'SHA-256 of the raw bytes and the manifest entry together.';
COMMENT ON COLUMN articles.n_chars IS 'Length of text in characters.';
COMMENT ON COLUMN articles.text IS 'The cleaned text; observations.start_char/end_char are offsets into it.';
COMMENT ON COLUMN articles.ingested_at IS 'When the article was (re)ingested.';

COMMENT ON TABLE dropped_text IS 'Page furniture removed from each article''s text (menus, counters), line by line.';
COMMENT ON COLUMN dropped_text.article_id IS 'The article (articles).';
COMMENT ON COLUMN dropped_text.line_no IS 'Line number in the decoded page, before stripping.';
COMMENT ON COLUMN dropped_text.text IS 'The dropped line.';
COMMENT ON COLUMN dropped_text.rule IS 'Which furniture rule dropped it.';

COMMENT ON TABLE periods IS 'Every period an article or an observation refers to.';
COMMENT ON COLUMN periods.period_id IS 'YYYY, YYYY-Q1..Q4, YYYY-H1|H2, YYYY-MM (and the other grains of the period grammar).';
COMMENT ON COLUMN periods.period_label IS 'How Vietnamese reports write it: 2023, Q1/2024, H1/2024, 10/2024.';
COMMENT ON COLUMN periods.granularity IS 'year | half | quarter | month | ...';
COMMENT ON COLUMN periods.start_date IS 'First day of the period.';
COMMENT ON COLUMN periods.end_date IS 'Last day of the period.';
COMMENT ON COLUMN periods.sort_order IS 'Time order: by end date, the longer period first on the same end date. Order by this.';

COMMENT ON TABLE metrics IS 'The metric catalogue (pipelines/catalogue/metrics.csv).';
COMMENT ON COLUMN metrics.metric_id IS 'Catalogue key.';
COMMENT ON COLUMN metrics.unit IS 'Unit of its levels (units).';
COMMENT ON COLUMN metrics.domain IS 'Domain of digital transformation it belongs to.';
COMMENT ON COLUMN metrics.name_en IS 'English name.';
COMMENT ON COLUMN metrics.name_vi IS 'Vietnamese name.';
COMMENT ON COLUMN metrics.aliases IS 'Other phrasings and abbreviations, separated by |.';
COMMENT ON COLUMN metrics.measure IS 'stock: a level at a date (a running total, a share as it stands); flow: an amount over a period.';

COMMENT ON TABLE units IS 'Units of measurement and how their values are shown.';
COMMENT ON COLUMN units.unit_id IS 'count | percent | usd | vnd | index | mw | ...';
COMMENT ON COLUMN units.symbol IS 'As shown after a value (%, USD, MW).';
COMMENT ON COLUMN units.display IS 'How values are shown: plain | percent | money | scaled.';
COMMENT ON COLUMN units.name_en IS 'English name.';
COMMENT ON COLUMN units.name_vi IS 'Vietnamese name.';

COMMENT ON TABLE places IS 'Where a value applies: the nation, provinces (before and after the 2025 merger), ministries and central agencies (before and after the 2025 restructuring), aggregates, foreign.';
COMMENT ON COLUMN places.place_id IS 'vn | vn-<province> | min-<ministry> | agg-<aggregate> | foreign.';
COMMENT ON COLUMN places.name_vi IS 'Vietnamese name.';
COMMENT ON COLUMN places.name_en IS 'English name.';
COMMENT ON COLUMN places.kind IS 'nation | province | ministry | aggregate | foreign.';
COMMENT ON COLUMN places.valid_from IS 'First day in force; null: since before the sources.';
COMMENT ON COLUMN places.valid_to IS 'Last day in force; null: still in force.';
COMMENT ON COLUMN places.successor_id IS 'The unit a province (2025 merger) or a ministry (2025 restructuring) went into.';

COMMENT ON TABLE indicators IS 'One row per indicator key, catalogued or not: what the articles measure.';
COMMENT ON COLUMN indicators.indicator_id IS 'Stable normalised key of the subject (observations.indicator_id).';
COMMENT ON COLUMN indicators.subject IS 'The most common wording.';
COMMENT ON COLUMN indicators.unit IS 'Unit of its values.';
COMMENT ON COLUMN indicators.n_observations IS 'Observations with this key.';
COMMENT ON COLUMN indicators.n_articles IS 'Articles stating it.';
COMMENT ON COLUMN indicators.periods IS 'The periods it is stated for, comma separated in time order.';
COMMENT ON COLUMN indicators.places IS 'The places it is stated for, comma separated.';
COMMENT ON COLUMN indicators.example_evidence IS 'One sentence stating it.';
COMMENT ON COLUMN indicators.example_article_id IS 'The article of example_evidence.';
COMMENT ON COLUMN indicators.metric_id IS 'The catalogue metric its observations map to, if any.';
COMMENT ON COLUMN indicators.nearest_metric_id IS 'The closest catalogue metric by name, mapped or not.';
COMMENT ON COLUMN indicators.nearest_score IS 'Similarity to nearest_metric_id (0-100).';

COMMENT ON TABLE mentions IS 'Every number found in an article, indicator or not, with its span.';
COMMENT ON COLUMN mentions.article_id IS 'The article (articles).';
COMMENT ON COLUMN mentions.mention_no IS 'Order of the mention in the article.';
COMMENT ON COLUMN mentions.raw IS 'The number as written: text[start_char:end_char].';
COMMENT ON COLUMN mentions.value IS 'Its value, fully scaled.';
COMMENT ON COLUMN mentions.unit IS 'Its unit, when one is written.';
COMMENT ON COLUMN mentions.denominator IS '63 in 54/63.';
COMMENT ON COLUMN mentions.start_char IS 'Offset of the first character in articles.text.';
COMMENT ON COLUMN mentions.end_char IS 'Offset after the last character in articles.text.';
COMMENT ON COLUMN mentions.mention_type IS 'quantity | date | period | time | legal_ref | ordinal | list_count | page_furniture.';

COMMENT ON TABLE observations IS 'Every stated indicator value: what, where, when, how exactly, and the sentence.';
COMMENT ON COLUMN observations.article_id IS 'The article (articles).';
COMMENT ON COLUMN observations.observation_no IS 'Number of the observation within its article.';
COMMENT ON COLUMN observations.metric_id IS 'Catalogue metric (metrics); null: an indicator the catalogue does not know yet.';
COMMENT ON COLUMN observations.period_id IS 'Period the value is for (periods); null: none stated or inferred, left out of series.';
COMMENT ON COLUMN observations.kind IS 'level (the value at that period) | change_abs (an increase by an amount) | change_pct (an increase in percent).';
COMMENT ON COLUMN observations.base_period_id IS 'The period a change is measured from, when the text says it.';
COMMENT ON COLUMN observations.value IS 'Fully scaled: 2,8 triệu → 2800000; a percent is the percent number (80,2% → 80.2).';
COMMENT ON COLUMN observations.unit IS 'Unit (units); percent for a change_pct.';
COMMENT ON COLUMN observations.qualifier IS 'exact | approx (khoảng) | over (hơn, trên) | nearly (gần) | at_least (ít nhất) | ...';
COMMENT ON COLUMN observations.status IS 'reported | forecast (dự báo, dự kiến) | target (a goal, not an achievement).';
COMMENT ON COLUMN observations.denominator IS '63 in 54/63.';
COMMENT ON COLUMN observations.evidence IS 'The sentence that states the value.';
COMMENT ON COLUMN observations.evidence_start IS 'Offset of the sentence in articles.text.';
COMMENT ON COLUMN observations.evidence_end IS 'Offset after the sentence in articles.text.';
COMMENT ON COLUMN observations.start_char IS 'Offset of the number as written (with scale word or %) in articles.text.';
COMMENT ON COLUMN observations.end_char IS 'Offset after the number in articles.text.';
COMMENT ON COLUMN observations.rule IS 'The cue or lexicon entry that matched the metric.';
COMMENT ON COLUMN observations.subject IS 'What the number measures, as written.';
COMMENT ON COLUMN observations.subject_start IS 'Offset of the subject in articles.text.';
COMMENT ON COLUMN observations.subject_end IS 'Offset after the subject in articles.text.';
COMMENT ON COLUMN observations.indicator_id IS 'Stable normalised key of the subject (indicators).';
COMMENT ON COLUMN observations.place_id IS 'Where the value applies (places); the nation for national figures.';
COMMENT ON COLUMN observations.match IS 'How metric_id was chosen: name | alias | cue | null.';
COMMENT ON COLUMN observations.match_score IS 'Score of the metric match.';
COMMENT ON COLUMN observations.value_low IS 'Lowest value the wording allows (qualifier and rounding); null: unbounded below.';
COMMENT ON COLUMN observations.value_high IS 'Highest value the wording allows; null: unbounded above (hơn 1,5 tỷ).';
COMMENT ON COLUMN observations.as_of_date IS 'For a stock: the date it is stated as of (the date after tính đến / đến hết, the publication date for tới nay, else the end of its period); null for a flow.';
COMMENT ON COLUMN observations.decimals IS 'Digits after the decimal comma as written (2,8 triệu: 1).';
COMMENT ON COLUMN observations.scale IS 'The scale word''s factor (triệu: 1e6), 1 when none.';

COMMENT ON TABLE quarantine IS 'Inputs that could not be ingested, or were repaired on the way in, and why.';
COMMENT ON COLUMN quarantine.source_path IS 'Path of the raw file, relative to the raw folder.';
COMMENT ON COLUMN quarantine.reason IS 'Short code: empty | binary | undecodable | too_large | duplicate | ...';
COMMENT ON COLUMN quarantine.detail IS 'A sentence for a person.';
COMMENT ON COLUMN quarantine.sha256 IS 'SHA-256 of the raw bytes, when readable.';
COMMENT ON COLUMN quarantine.outcome IS 'rejected (not ingested) | accepted (ingested after a repair).';
COMMENT ON COLUMN quarantine.detected_at IS 'When it was first detected.';

COMMENT ON TABLE qualifiers IS 'The qualifier table (pipelines/catalogue/qualifiers.csv): the words of each qualifier, the interval it allows and its direction; the derived SQL reads it.';
COMMENT ON COLUMN qualifiers.qualifier IS 'exact | approx | over | nearly | at_least | at_most.';
COMMENT ON COLUMN qualifiers.words IS 'The words before a number that say it, separated by |.';
COMMENT ON COLUMN qualifiers.low_rule IS 'How value_low is computed from the figure (value, value - rounding, value - tenth, unbounded).';
COMMENT ON COLUMN qualifiers.high_rule IS 'How value_high is computed from the figure.';
COMMENT ON COLUMN qualifiers.direction IS '1: the true value is above the figure (hơn), -1: below it (gần, tối đa), 0: around it.';
COMMENT ON COLUMN qualifiers.symbol IS 'How a formatted value shows it (≈, >, ≲, ≥, <).';
COMMENT ON COLUMN qualifiers.label_en IS 'English word for it.';
COMMENT ON COLUMN qualifiers.meaning IS 'What it says about the figure.';
