"""What an operator needs of a running app: a health check, request logs, and writes that
survive a busy SQLite file. Each module offers ``init_app(app)``."""
