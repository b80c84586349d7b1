"""Fixtures of the quizapp.sets tests."""

from __future__ import annotations

import copy

import pytest
from set_samples import CE_ITEM


@pytest.fixture
def ce_item() -> dict:
    """A formula item with a range, a text list, a derived variable, a mistake and tests."""
    return copy.deepcopy(CE_ITEM)
