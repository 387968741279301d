"""gapcheck: audit national e-commerce legislation against international checklists."""

__version__ = "0.1.0"
