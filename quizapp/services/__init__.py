"""Use cases shared by views, the CLI and (later) the API: the rules live here, not in views."""
