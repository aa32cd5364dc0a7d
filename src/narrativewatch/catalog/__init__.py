"""The narrative catalog: bundled YAML files and the loader that validates them."""

from narrativewatch.catalog.loader import CATEGORIES, RISK_LEVELS, load_catalog, load_catalog_file

__all__ = ["CATEGORIES", "RISK_LEVELS", "load_catalog", "load_catalog_file"]
