"""The pure engine: losses, answer parsing, questions and grading (no Flask, no SQL)."""
