"""Placeholder: replaced by the translation check."""
