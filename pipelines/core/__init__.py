"""Plain-Python core of dx-metrics: text, numbers, periods, the metric catalogue. No Dagster import here."""
