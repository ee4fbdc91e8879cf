"""The DuckDB warehouse: its schema, and how rows get in and out of it."""
