"""FootCoach: counts foot and toe exercise repetitions from video landmarks."""

__version__ = "0.1.0"
