"""A one-route Flask app: the baseline bench/load.py measures quizapp against."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The cheapest page Flask serves."""
    return "hello"
