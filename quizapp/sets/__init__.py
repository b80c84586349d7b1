"""Instructor-authored question sets: the file format, items as questions, question tests, Moodle.

Pure Python (no Flask, no SQLAlchemy), for the web layer and the CLI to build on.
"""
