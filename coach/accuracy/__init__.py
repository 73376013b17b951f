"""Labelled clip suites: each module's ``run(fast)`` returns one row per exercise.

A row is a dict with at least: exercise, clips, exact_rate, mae,
off_by_one_rate, negatives, phantom_reps; a suite may add columns of its own.
"""
