"""NarrativeWatch: find known disinformation narratives in news, with the evidence."""

__version__ = "0.1.0"
