"""Benchmarks: timings and API budgets, each with a baseline measured in the same run."""
