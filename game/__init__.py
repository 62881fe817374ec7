"""Koorddanser: ten years as a best person in a Dutch neighbourhood, 2010-2020."""

__version__ = "0.1.0"
