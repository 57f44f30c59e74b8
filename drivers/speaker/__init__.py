"""The terminal's speaker: voice guidance spoken by a speech engine."""
