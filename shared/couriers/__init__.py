"""Couriers and tracking numbers: the registry, normalisation, detection and validation (pure core)."""

from shared.couriers.cells import CellCheck, CellLine, cell_numbers, check_cell
from shared.couriers.detect import Candidate, Detection, detect, matches_any
from shared.couriers.model import Courier, NumberFormat, Problem
from shared.couriers.normalize import Normalized, normalize
from shared.couriers.registry import COURIERS, active_couriers, by_code, by_wechat_delivery_id, find
from shared.couriers.validate import Validation, validate

__all__ = [
    "COURIERS",
    "Candidate",
    "CellCheck",
    "CellLine",
    "Courier",
    "Detection",
    "Normalized",
    "NumberFormat",
    "Problem",
    "Validation",
    "active_couriers",
    "by_code",
    "by_wechat_delivery_id",
    "cell_numbers",
    "check_cell",
    "detect",
    "find",
    "matches_any",
    "normalize",
    "validate",
]
