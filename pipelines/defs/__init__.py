"""Dagster definitions, one module per concern; loaded by ``pipelines.definitions``."""
