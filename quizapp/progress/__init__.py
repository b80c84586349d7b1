"""Pure progress computations: mastery levels, spaced review, dashboard and interview statistics.

Nothing here imports Flask or the database. The web layer turns its rows into
``AttemptRecord`` values (or stored review cards as JSON text), passes in the
current time, and renders what comes back.
"""
