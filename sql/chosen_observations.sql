-- chosen_observations: one level value per metric and period, the one series and charts use.
--
-- The top-ranked candidate of `observation_choices` (reported before forecast, exact before approximate,
-- then the later publication, then article_id; see that view for the full rule). `n_values` says how
-- many candidates there were; their disagreements, if any, are listed in `conflicts`.

create or replace table chosen_observations as
select metric_id, period_id, value, unit, qualifier, status, article_id, evidence, start_char, end_char,
       n_values, n_distinct_values, observation_no, published_or_period_end
from observation_choices
where chosen
order by metric_id, period_id;
