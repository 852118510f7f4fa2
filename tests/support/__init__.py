"""Paths the tests share when they are collected (parametrize lists need them before any fixture runs).

Everything else the tests share is a fixture in `conftest.py`.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
