"""Realistic, seeded sample data for the demo, tests and benchmarks (pure: no disk)."""
